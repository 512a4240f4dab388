import {
  Body,
  CanActivate,
  Controller,
  DynamicModule,
  ExecutionContext,
  HttpCode,
  Injectable,
  Module,
  Param,
  Post,
  SetMetadata,
  UnauthorizedException,
  ValidationPipe,
} from '@nestjs/common';
import { APP_GUARD, NestFactory, Reflector } from '@nestjs/core';
import type { AbstractHttpAdapter } from '@nestjs/core';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import jwt from 'jsonwebtoken';
import { createSecretKey } from 'node:crypto';
import type { Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { answerOf } from './http-stack-common';

/**
 * The smallest Nest app that does what our no-op route (bench/app) does on the way in and out (bearer token and
 * role, JSON body, strict class-validator DTO, JSON answer), each layer switchable, so the http-stack suite
 * can price Nest, the guard and the validation one at a time, on Express or on Fastify.
 */
export interface NestLayers {
  guard: boolean;
  validation: boolean;
}

/** The update-enrollment DTO's shape and constraints, declared here so the suite does not depend on libs/. */
class EnrollmentBody {
  @IsInt() @Min(0) @Max(100_000_000) count!: number;
  @IsIn(['ACTUAL', 'ESTIMATED', 'ANTICIPATED']) type!: string;
  @IsString() @IsNotEmpty() @MaxLength(1000) reason!: string;
  @IsOptional() @Matches(/^\d{4}(-\d{2}(-\d{2})?)?$/) effectiveDate?: string;
}

const ROLES_KEY = 'roles';
const secret = process.env.JWT_SECRET ?? '';
// Built once, as the product does: a string secret makes jsonwebtoken try PEM parsing on every verify.
const key = createSecretKey(Buffer.from(secret, 'utf8'));

/** HS256 only, a subject and a role the route allows; what the product's guard checks, without its errors. */
@Injectable()
class BearerGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const roles = this.reflector.get<string[]>(ROLES_KEY, context.getHandler()) ?? [];
    const header = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined> }>().headers.authorization;
    try {
      const payload = jwt.verify(header?.slice('Bearer '.length) ?? '', key, { algorithms: ['HS256'] });
      if (typeof payload === 'string' || !payload.sub || !roles.includes(payload.role as string)) throw new Error('no role');
      return true;
    } catch {
      throw new UnauthorizedException();
    }
  }
}

@Controller('bench/noop/trials/:nctId')
class EnrollmentController {
  @Post('enrollment')
  @HttpCode(200)
  @SetMetadata(ROLES_KEY, ['operator'])
  handle(@Param('nctId') nctId: string, @Body() body: EnrollmentBody): object {
    return answerOf(nctId, body.count);
  }
}

@Module({})
class StackModule {
  static forLayers(layers: NestLayers): DynamicModule {
    return {
      module: StackModule,
      controllers: [EnrollmentController],
      providers: layers.guard ? [{ provide: APP_GUARD, useClass: BearerGuard }] : [],
    };
  }
}

/** Starts the app on 127.0.0.1 at a free port; no adapter means Nest's default, Express. */
export const startNest = async (layers: NestLayers, adapter?: AbstractHttpAdapter): Promise<string> => {
  const module = StackModule.forLayers(layers);
  const app = adapter ? await NestFactory.create(module, adapter, { logger: false }) : await NestFactory.create(module, { logger: false });
  // As the product does; a header fewer to write on every answer.
  if (!adapter) (app.getHttpAdapter().getInstance() as { disable(setting: string): void }).disable('x-powered-by');
  if (layers.validation) {
    // The product's strict pipe's options (its extra shape checks aside).
    app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true, transform: true }));
  }
  await app.listen(0, '127.0.0.1');
  const { port } = (app.getHttpServer() as Server).address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
};
