import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import Fastify, { FastifyInstance } from 'fastify';
import { Writable } from 'node:stream';
import { LogFormat } from '../../config/observability-config';
import { NestLogger } from './nest-logger';
import { fastifyLogging, installRequestLogging } from './request-context';
import { createRootLogger } from './root-logger';

/** What a logger wrote, line by line. */
class Lines extends Writable {
  readonly text: string[] = [];

  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.text.push(...chunk.toString().split('\n').filter(Boolean));
    done();
  }

  get json(): Record<string, unknown>[] {
    return this.text.map((line) => JSON.parse(line) as Record<string, unknown>);
  }
}

const loggerTo = (lines: Lines, format: LogFormat = 'json', level: 'info' | 'debug' = 'info') =>
  createRootLogger({ level, format, colorize: false, destination: lines });

/** An HTTP server logging as the apps do, whose one route logs through Nest's logger, as a controller would. */
const serverLoggingTo = async (lines: Lines): Promise<FastifyInstance> => {
  const root = loggerTo(lines);
  const nest = new NestLogger(root);
  // Typed with pino's own Logger; the apps' instance is typed with Fastify's base logger, as the hooks expect.
  const fastify = Fastify(fastifyLogging(root)) as unknown as FastifyInstance;
  installRequestLogging(fastify);
  fastify.post('/work', async () => {
    await new Promise((resolve) => setImmediate(resolve));
    nest.warn('done the work', 'Worker');
    return {};
  });
  await fastify.ready();
  return fastify;
};

describe('structured logs', () => {
  it('given a request with a sane X-Request-Id, when its handler logs, then the line carries that id and the answer echoes it', async () => {
    const lines = new Lines();
    const fastify = await serverLoggingTo(lines);
    const answer = await fastify.inject({ method: 'POST', url: '/work', headers: { 'x-request-id': 'abc-123' }, payload: { a: 1 } });
    expect(answer.headers['x-request-id']).toBe('abc-123');
    expect(lines.json).toEqual([expect.objectContaining({ level: 'warn', reqId: 'abc-123', context: 'Worker', msg: 'done the work' })]);
    await fastify.close();
  });

  it('given no id or one that could forge a log field, when a request comes, then it gets a new UUID', async () => {
    const lines = new Lines();
    const fastify = await serverLoggingTo(lines);
    const plain = await fastify.inject({ method: 'POST', url: '/work' });
    const forged = await fastify.inject({ method: 'POST', url: '/work', headers: { 'x-request-id': 'a"}\n{"level":"fatal' } });
    const ids = [plain, forged].map((a) => a.headers['x-request-id']);
    ids.forEach((id) => expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/));
    expect(lines.json.map((l) => l.reqId)).toEqual(ids);
    await fastify.close();
  });

  it('given an active span, when something logs, then the line carries its trace and span ids', () => {
    const manager = new AsyncLocalStorageContextManager().enable();
    context.setGlobalContextManager(manager);
    const lines = new Lines();
    const span = trace.wrapSpanContext({ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: 1 });
    context.with(trace.setSpan(context.active(), span), () => loggerTo(lines).info('inside'));
    loggerTo(lines).info('outside');
    context.disable();
    expect(lines.json[0]).toMatchObject({ trace_id: '0af7651916cd43dd8448eb211c80319c', span_id: 'b7ad6b7169203331' });
    expect(lines.json[1]).not.toHaveProperty('trace_id');
  });

  it("given Nest's route mapping, when it is logged, then it goes to debug and the rest stays at info", () => {
    const lines = new Lines();
    const nest = new NestLogger(loggerTo(lines));
    nest.log('Mapped {/trials, POST} route', 'RouterExplorer');
    nest.log('TrialsModule dependencies initialized', 'InstanceLoader');
    nest.log('Trial Ledger listens on http://localhost:3000', 'TrialLedger');
    expect(lines.json).toEqual([expect.objectContaining({ level: 'info', context: 'TrialLedger' })]);
    const debug = new Lines();
    new NestLogger(loggerTo(debug, 'json', 'debug')).log('Mapped {/trials, POST} route', 'RouterExplorer');
    expect(debug.json).toEqual([expect.objectContaining({ level: 'debug', context: 'RouterExplorer' })]);
  });

  it('given the pretty format without a terminal, when an error is logged, then the line is readable and has no colour code', () => {
    const lines = new Lines();
    new NestLogger(loggerTo(lines, 'pretty')).error('the store failed', 'Error: boom\n    at here', 'Relay');
    const text = lines.text.join('\n');
    expect(text).toMatch(/^\[\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\] ERROR: \[Relay\] the store failed\n/);
    expect(text).toMatch(/Error: boom\n\s+at here/);
    expect(text).not.toContain(String.fromCharCode(27));
  });
});
