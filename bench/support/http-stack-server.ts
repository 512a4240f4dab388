import 'reflect-metadata';
import type { AbstractHttpAdapter } from '@nestjs/core';
import express from 'express';
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import { installPeer } from './peers';
import { ROUTE, STACK_KINDS, StackKind, answerOf, listensLine } from './http-stack-common';

/**
 * One server of the http-stack suite, in a process of its own so that it has a core to itself while the bench
 * process runs autocannon: `node -r ./bench/support/register.js bench/support/http-stack-server.ts <kind>`.
 * JWT_SECRET comes from the environment. Prints the LISTENS line, then serves until killed.
 */

const PATH = /^\/bench\/noop\/trials\/([^/?]+)\/enrollment$/;

/** The ceiling of Node itself: route by regex, read the body, JSON.parse it, answer JSON. */
const startNode = (): Promise<string> => {
  const server = createServer((req, res) => {
    const match = req.method === 'POST' ? PATH.exec(req.url ?? '') : null;
    if (!match) return void res.writeHead(404).end();
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      let body: { count?: number };
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { count?: number };
      } catch {
        return void res.writeHead(400).end();
      }
      const payload = JSON.stringify(answerOf(match[1], body.count ?? 0));
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(payload) }).end(payload);
    });
  });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
};

const startExpress = (): Promise<string> => {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json());
  app.post(ROUTE, (req, res) => void res.status(200).json(answerOf(req.params.nctId as string, (req.body as { count: number }).count)));
  return new Promise((done) => {
    const server = app.listen(0, '127.0.0.1', () => done(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  });
};

/** The little of Fastify's API this file uses; its types live in the peer folder, out of the typecheck's reach. */
interface FastifyApp {
  post(path: string, handler: (req: { params: { nctId: string }; body: { count: number } }) => Promise<object>): void;
  listen(options: { port: number; host: string }): Promise<string>;
}

// Resolved from bench/peers/nest-fastify, the one place Fastify is installed.
const fromPeer = <T>(module: string): T =>
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(require.resolve(module, { paths: [installPeer('nest-fastify')] })) as T;

const startFastify = async (): Promise<string> => {
  const app = fromPeer<(options: object) => FastifyApp>('fastify')({ logger: false });
  app.post(ROUTE, async (req) => answerOf(req.params.nctId, req.body.count));
  return app.listen({ port: 0, host: '127.0.0.1' });
};

/**
 * The peer folder installs @nestjs/platform-fastify without its peers (.npmrc: legacy-peer-deps), so its
 * require('@nestjs/core') walks up to the repo's node_modules: one Nest instance, the one the app is built
 * with. Checked rather than assumed, since a second copy would make Nest's instanceof and metadata checks lie.
 */
const fastifyAdapter = (): AbstractHttpAdapter => {
  const entry = require.resolve('@nestjs/platform-fastify', { paths: [installPeer('nest-fastify')] });
  const theirs = require.resolve('@nestjs/core', { paths: [dirname(entry)] });
  if (theirs !== require.resolve('@nestjs/core'))
    throw new Error(`Two @nestjs/core copies: ${theirs} and ${require.resolve('@nestjs/core')}`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { FastifyAdapter } = require(entry) as { FastifyAdapter: new () => AbstractHttpAdapter };
  return new FastifyAdapter();
};

const startNestKind = async (kind: StackKind): Promise<string> => {
  // Loaded only for the Nest kinds, so the bare servers do not carry Nest's heap.
  const { startNest } = await import('./http-stack-nest');
  const full = kind.endsWith('-full');
  const layers = { guard: full || kind.endsWith('-guard'), validation: full };
  return startNest(layers, kind.startsWith('nest-fastify') ? fastifyAdapter() : undefined);
};

const start = (kind: StackKind): Promise<string> => {
  if (kind === 'node') return startNode();
  if (kind === 'express') return startExpress();
  if (kind === 'fastify') return startFastify();
  return startNestKind(kind);
};

const kind = process.argv[2] as StackKind;
if (!(kind in STACK_KINDS)) throw new Error(`Unknown server kind ${kind}; one of ${Object.keys(STACK_KINDS).join(', ')}`);
start(kind).then(
  (url) => console.log(listensLine(url)),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
