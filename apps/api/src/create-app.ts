import { DynamicModule, INestApplication, LoggerService, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  Metrics,
  NestLogger,
  fastifyLogging,
  installHttpMetrics,
  installRequestLogging,
  strictValidationPipe,
} from '@trial-ledger/platform';
import type { Logger } from 'pino';
import { installBodyParsing } from '@trial-ledger/trials';
import { AppModule, AppModuleOptions } from './app.module';
import { installCors, installSecurityHeaders } from './http-security';
import { installApiDocs } from './openapi/openapi-document';
import { routerErrors } from './router-errors';

export interface CreateAppOptions extends AppModuleOptions {
  bodyLimitBytes: number;
  /** Exact browser origins allowed to call the API; empty: no CORS. */
  corsOrigins: string[];
  logger?: LoggerService | LogLevel[] | false;
  /** The process's pino logger: Nest's messages and Fastify's go to it, and `logger` is ignored. */
  rootLogger?: Logger;
}

/** The application's root module for the given options: AppModule.forRoot, or a module that imports it. */
export type RootModule = (options: AppModuleOptions) => DynamicModule;

/**
 * Routing as it was on Express: paths match whatever their case and trailing slash, and a parameter of any length
 * reaches its route, whose pipe names the field that is too long (Node's 16 KiB header limit bounds the URL).
 * Node's own timeouts, which Fastify would replace with a 72 s keep-alive and no request timeout.
 */
const adapterOptions = {
  routerOptions: { caseSensitive: false, ignoreTrailingSlash: true, maxParamLength: 16 * 1024 },
  frameworkErrors: routerErrors,
  keepAliveTimeout: 5_000,
  requestTimeout: 300_000,
  // Nothing uses Nest's Express-style middleware; every HTTP concern here is a Fastify hook.
  skipMiddie: true,
};

/**
 * Builds the HTTP application on Fastify; main.ts and the HTTP tests share it so that tests run the real wiring.
 * The body parsing, headers, pipes and docs installed here are app-wide, as are the guards and filter AppModule
 * provides globally, so a root module that imports AppModule and adds a route serves that route the way the API
 * serves its own. Resolves once Fastify is ready, so the server can be handed to a client before `listen`.
 */
export const createApp = async (options: CreateAppOptions, rootModule: RootModule = AppModule.forRoot): Promise<INestApplication> => {
  const adapter = new FastifyAdapter({ ...adapterOptions, ...fastifyLogging(options.rootLogger) });
  const app = await NestFactory.create<NestFastifyApplication>(rootModule(options), adapter, {
    bodyParser: false,
    logger: options.rootLogger ? new NestLogger(options.rootLogger) : (options.logger ?? ['error', 'warn', 'log']),
  });
  const fastify = app.getHttpAdapter().getInstance();
  // The first hook, so that every answer carries the headers, a refused path or body included.
  installSecurityHeaders(fastify);
  installRequestLogging(fastify);
  installHttpMetrics(fastify, app.get(Metrics));
  installCors(app, options.corsOrigins);
  installBodyParsing(fastify, options.bodyLimitBytes);
  app.useGlobalPipes(strictValidationPipe());
  installApiDocs(app);
  await app.init();
  await fastify.ready();
  return app;
};
