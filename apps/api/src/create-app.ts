import { INestApplication, LoggerService, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { strictValidationPipe } from '@trial-ledger/platform';
import { installBodyParsing } from '@trial-ledger/trials';
import { AppModule, AppModuleOptions } from './app.module';

export interface CreateAppOptions extends AppModuleOptions {
  bodyLimitBytes: number;
  logger?: LoggerService | LogLevel[] | false;
}

/** Builds the HTTP application; main.ts and the HTTP tests share it so that tests run the real wiring. */
export const createApp = async (options: CreateAppOptions): Promise<INestApplication> => {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(options), {
    bodyParser: false,
    logger: options.logger ?? ['error', 'warn', 'log'],
  });
  app.disable('x-powered-by');
  installBodyParsing(app.getHttpAdapter().getInstance(), options.bodyLimitBytes);
  app.useGlobalPipes(strictValidationPipe());
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(app, openApiConfig());
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'openapi.json' });
  await app.init();
  return app;
};

const openApiConfig = () =>
  new DocumentBuilder()
    .setTitle('Trial Ledger')
    .setDescription('Event-sourced clinical-trial lifecycles: commands, current state, audit history and replay.')
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();
