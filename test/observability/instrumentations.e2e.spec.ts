import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { signToken } from '@trial-ledger/platform';
import { healthOver, healthWhen } from '../support/api-process';
import { PostgresFleet } from '../support/fleet';
import { sharedKafka, uniqueTopic } from '../support/kafka-broker';
import { TEST_SECRET } from '../support/test-app';
import { registerBody } from '../support/trials';
import { waitFor } from '../support/wait-for';
import { ExportedSpan, OtlpReceiver } from './otlp-receiver';

jest.setTimeout(180_000);

const auth = `Bearer ${signToken(TEST_SECRET, 'operator-1', 'operator')}`;
const SERVER = 2;
const CLIENT = 3;
const PRODUCER = 4;

/** The spans of `traceId` that descend from `root` (itself included). */
const descendants = (spans: ExportedSpan[], root: ExportedSpan): ExportedSpan[] => {
  const found = new Set([root.spanId]);
  for (let grew = true; grew;) {
    grew = false;
    for (const s of spans)
      if (s.traceId === root.traceId && s.parentSpanId !== undefined && found.has(s.parentSpanId) && !found.has(s.spanId)) {
        found.add(s.spanId);
        grew = true;
      }
  }
  return spans.filter((s) => found.has(s.spanId));
};

const statementOf = (s: ExportedSpan): string => String(s.attributes['db.statement'] ?? s.attributes['db.query.text'] ?? '');

/*
 * The SDK's require hook patches pg and kafkajs only in a process that loads them through Node's own require, which
 * jest's module registry is not: so the compiled API runs as its own process, exporting OTLP/JSON as it would to a
 * collector, and the spec is the collector.
 */
describe('the pg and kafkajs instrumentations in the compiled API (PostgreSQL + Kafka, OTLP/HTTP JSON; needs npm run build)', () => {
  let fleet: PostgresFleet;
  let receiver: OtlpReceiver;
  beforeAll(async () => {
    [fleet, receiver] = await Promise.all([PostgresFleet.create(), OtlpReceiver.start()]);
  });
  afterAll(async () => {
    await fleet?.dispose();
    await receiver?.close();
  });

  const traced = (extra: Record<string, string>) => ({
    OTEL_TRACES_EXPORTER: 'otlp',
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
    OTEL_SERVICE_NAME: 'trial-ledger-e2e',
    ...extra,
  });
  const newTrace = () => ({ traceId: randomBytes(16).toString('hex'), clientSpanId: randomBytes(8).toString('hex') });

  it("given a command with a traceparent, then its trace holds the server span and the append's pg queries, and the relay's publish a kafkajs producer span", async () => {
    const kafka = await sharedKafka();
    const topic = uniqueTopic('instrumentations');
    // The batch processor's default 5 s delay only makes the spec wait.
    const api = await fleet.start('api', traced({ KAFKA_BROKERS: kafka.brokers, KAFKA_TOPIC: topic, OTEL_BSP_SCHEDULE_DELAY: '100' }));
    const { traceId, clientSpanId } = newTrace();
    const answer = await request(api.url)
      .post('/trials')
      .set('Authorization', auth)
      .set('traceparent', `00-${traceId}-${clientSpanId}-01`)
      .send(registerBody('NCT06171906'));
    expect(answer.status).toBe(201);
    await healthWhen(healthOver(request(api.url)), (h) => h.kafkaRelay.lag === 0 && h.kafkaRelay.position > 0);

    const server = () => receiver.spans.find((s) => s.traceId === traceId && s.kind === SERVER && s.parentSpanId === clientSpanId);
    const producer = () => receiver.spans.find((s) => s.kind === PRODUCER && Object.values(s.attributes).includes(topic));
    await waitFor(() => server() !== undefined && producer() !== undefined, 'the server and producer spans at the receiver', {
      timeoutMs: 30_000,
      everyMs: 50,
    }).catch((error: Error) => {
      const seen = receiver.spans.map((s) => `${s.kind} ${s.name}`);
      throw new Error(`${error.message}; received ${JSON.stringify([...new Set(seen)])}; problems ${JSON.stringify(receiver.problems)}`);
    });

    const request_ = server() as ExportedSpan;
    expect(request_.service).toBe('trial-ledger-e2e');
    expect(request_.attributes['http.target']).toBe('/trials');
    expect(request_.attributes['http.status_code']).toBe(201);
    const queries = descendants(receiver.spans, request_).filter((s) => s.attributes['db.system'] === 'postgresql');
    expect(queries.length).toBeGreaterThan(0);
    expect(queries.every((q) => q.kind === CLIENT)).toBe(true);
    // The append itself is among them (the store's append function, in its transaction), not only the reads around it.
    const statements = queries.map(statementOf);
    expect(statements.some((sql) => /event_store\.append_events\(/.test(sql))).toBe(true);
    expect(statements).toEqual(expect.arrayContaining(['BEGIN', 'COMMIT']));

    const publish = producer() as ExportedSpan;
    expect(publish.attributes['messaging.system']).toBe('kafka');
    expect(publish.attributes['messaging.destination.name']).toBe(topic);
    expect(publish.service).toBe('trial-ledger-e2e');
    expect(receiver.problems).toEqual([]);
  });

  it('given spans still batched when the API gets SIGTERM, then they are exported before it exits', async () => {
    // A batch the processor would send in 10 minutes, or at 100,000 spans: only the shutdown's flush sends it sooner.
    const api = await fleet.start(
      'api',
      traced({
        RUN_WORKER: 'false',
        OTEL_BSP_SCHEDULE_DELAY: '600000',
        OTEL_BSP_MAX_QUEUE_SIZE: '100000',
        OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '100000',
      }),
    );
    const { traceId, clientSpanId } = newTrace();
    const answer = await request(api.url)
      .post('/trials')
      .set('Authorization', auth)
      .set('traceparent', `00-${traceId}-${clientSpanId}-01`)
      .send(registerBody('NCT06171907'));
    expect(answer.status).toBe(201);
    expect(receiver.spans.filter((s) => s.traceId === traceId)).toEqual([]);

    expect(await api.terminate('SIGTERM')).toEqual({ code: 0, signal: null });
    const server = receiver.spans.find((s) => s.traceId === traceId && s.kind === SERVER);
    expect(server?.parentSpanId).toBe(clientSpanId);
    expect(receiver.spans.some((s) => s.traceId === traceId && s.attributes['db.system'] === 'postgresql')).toBe(true);
  });
});
