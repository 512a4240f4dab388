import { DynamicModule, INestApplication, LoggerService, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { strictValidationPipe } from '@trial-ledger/platform';
import { installBodyParsing } from '@trial-ledger/trials';
import { AppModule, AppModuleOptions } from './app.module';
import { installCors, installSecurityHeaders } from './http-security';

export interface CreateAppOptions extends AppModuleOptions {
  bodyLimitBytes: number;
  /** Exact browser origins allowed to call the API; empty: no CORS. */
  corsOrigins: string[];
  logger?: LoggerService | LogLevel[] | false;
}

/** The application's root module for the given options: AppModule.forRoot, or a module that imports it. */
export type RootModule = (options: AppModuleOptions) => DynamicModule;

/**
 * Builds the HTTP application; main.ts and the HTTP tests share it so that tests run the real wiring. The body
 * parsing, headers, pipes and docs installed here are app-wide, as are the guards and filter AppModule provides
 * globally, so a root module that imports AppModule and adds a route serves that route the way the API serves its own.
 */
export const createApp = async (options: CreateAppOptions, rootModule: RootModule = AppModule.forRoot): Promise<INestApplication> => {
  const app = await NestFactory.create<NestExpressApplication>(rootModule(options), {
    bodyParser: false,
    logger: options.logger ?? ['error', 'warn', 'log'],
  });
  app.disable('x-powered-by');
  // Before body parsing, so that a refused body (413, 400) still carries the headers.
  installSecurityHeaders(app.getHttpAdapter().getInstance());
  installCors(app, options.corsOrigins);
  installBodyParsing(app.getHttpAdapter().getInstance(), options.bodyLimitBytes);
  app.useGlobalPipes(strictValidationPipe());
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
