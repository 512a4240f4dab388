import { INestApplication } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import helmet from 'helmet';

/**
 * Helmet's defaults, tightened for a JSON API: nothing here is meant to be framed, and whether the service
 * sits behind TLS is the deployment's business, so the CSP does not ask browsers to upgrade requests (that
 * would break the docs page on plain http://localhost). The auditor page sends its own, stricter CSP.
 */
const hardened = helmet({
  contentSecurityPolicy: { directives: { 'frame-ancestors': ["'none'"], 'upgrade-insecure-requests': null } },
  xFrameOptions: { action: 'deny' },
});

/**
 * Sets the headers on the response about to be written. Helmet works on Node's own request and response, which
 * Fastify exposes, so the router's refusals that run no hook (router-errors.ts) get the same headers.
 */
export const applySecurityHeaders = (request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void): void => {
  hardened(request.raw, reply.raw, (error?: unknown) => done(error as Error | undefined));
};

export const installSecurityHeaders = (fastify: FastifyInstance): void => {
  fastify.addHook('onRequest', applySecurityHeaders);
};

/** What a browser client needs to send a command (preconditions, retries) and read its result. */
const CORS_REQUEST_HEADERS = ['Authorization', 'Content-Type', 'If-Match', 'Idempotency-Key', 'X-Correlation-Id'];
const CORS_EXPOSED_HEADERS = ['ETag', 'Location', 'Retry-After', 'Idempotent-Replayed'];

/**
 * Closed unless configured: with no origins no CORS header is ever sent, so browsers keep other sites'
 * scripts from reading the API. Configured origins are matched exactly; credentials are bearer tokens, not
 * cookies, so credentialed CORS is never needed.
 */
export const installCors = (app: INestApplication, origins: string[]): void => {
  if (origins.length === 0) return;
  // Joined here: @fastify/cors would join lists with ", ", and clients have always read them comma-separated.
  app.enableCors({
    origin: origins,
    methods: 'GET,POST',
    allowedHeaders: CORS_REQUEST_HEADERS.join(','),
    exposedHeaders: CORS_EXPOSED_HEADERS.join(','),
    maxAge: 600,
  });
};
