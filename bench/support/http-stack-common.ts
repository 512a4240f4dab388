/**
 * What the http-stack suite (parent) and its server processes (bench/support/http-stack-server.ts) agree on.
 * Each kind is one more layer on the one before it, so the gaps between neighbours price one layer each.
 */
export const STACK_KINDS = {
  node: 'bare node:http, JSON.parse',
  express: 'Express 5 alone, express.json()',
  'nest-express': 'Nest on Express, no guard, no validation',
  'nest-express-guard': 'Nest on Express + JWT guard',
  'nest-express-full': 'Nest on Express + JWT guard + ValidationPipe',
  fastify: 'Fastify 5 alone',
  'nest-fastify': 'Nest on Fastify, no guard, no validation',
  'nest-fastify-full': 'Nest on Fastify + JWT guard + ValidationPipe',
} as const;

export type StackKind = keyof typeof STACK_KINDS;

/** What every server answers, so that no server is faster for writing less. */
export const answerOf = (nctId: string, count: number): object => ({
  nctId,
  revision: count,
  position: count,
  eventIds: [],
  replayed: false,
});

/** The no-op route's path, the one bench/support/http-load.ts sends with the '/bench/noop' prefix. */
export const ROUTE = '/bench/noop/trials/:nctId/enrollment';

/** The line a server prints once it listens, and the pattern the parent reads its URL from. */
export const listensLine = (url: string): string => `http-stack server listens on ${url}`;
export const LISTENS = /http-stack server listens on (http:\/\/\S+)/;
