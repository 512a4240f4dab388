import { randomUUID } from 'node:crypto';
import { IncomingMessage } from 'node:http';
import { FastifyInstance, LogController } from 'fastify';
import { Store, storage } from 'nestjs-pino/storage';
import type { Logger } from 'pino';

export const REQUEST_ID_HEADER = 'x-request-id';

/** A caller's id is kept when it is a plain token, so it cannot forge log fields or fill a line. */
const CALLER_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Fastify's `genReqId`: the caller's X-Request-Id when sane, else a new UUID. */
export const requestIdOf = (request: IncomingMessage): string => {
  const given = request.headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && CALLER_ID.test(given) ? given : randomUUID();
};

/**
 * Fastify's logging options: the process's pino logger, request ids from requestIdOf, and no line per request
 * (metrics and traces time every request; a line each would double the output and tell nothing more).
 */
export const fastifyLogging = (rootLogger: Logger | undefined) => ({
  loggerInstance: rootLogger,
  genReqId: requestIdOf,
  logController: new LogController({ disableRequestLogging: true }),
});

/**
 * Gives every request its id back in X-Request-Id, and runs its handler with the request's logger (which carries
 * `reqId`; a pino child, as the app's logger instance is pino) as the one nestjs-pino's Logger writes to. Bound at preHandler, after the body is read: the stream events
 * of a body arrive outside the context an earlier hook would enter.
 */
export const installRequestLogging = (fastify: FastifyInstance): void => {
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
    done();
  });
  fastify.addHook('preHandler', (request, _reply, done) => storage.run(new Store(request.log as Logger), done));
};
