import { Logger } from '@nestjs/common';
import { SpanContext, SpanKind, context, propagation, trace } from '@opentelemetry/api';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { NodeSDK, tracing } from '@opentelemetry/sdk-node';
import { Consumer } from 'kafkajs';
import { loadConfig } from '@trial-ledger/platform';
import { consumeTrialEvents } from '../../docs/examples/consume-trial-events';
import { healthOver, healthWhen } from '../support/api-process';
import { sharedKafka, uniqueTopic } from '../support/kafka-broker';
import { TestApp, startTestApp } from '../support/test-app';
import { registerBody } from '../support/trials';
import { waitFor } from '../support/wait-for';

jest.setTimeout(120_000);

const NCT = 'NCT06171906';
const MALFORMED = 'NCT06171907';

/*
 * The SDK as an app starts it (NodeSDK, the HTTP instrumentation), exporting to memory. The test is the client: it
 * opens a span and sends its traceparent, as a traced caller would. The relay runs in this process too, and the
 * consumer is the documented example, so the trace is followed from the request to the consumer's handler.
 */
interface ModuleDefinition {
  name: string;
  patch?: (exports: unknown) => unknown;
  unpatch?: (exports: unknown) => void;
}

/**
 * Jest loads modules through its own registry, which the instrumentation's require hook never sees; so the HTTP
 * instrumentation's own patch is applied to the node:http module Fastify gets, as the hook would in an app.
 */
const patchHttp = (instrumentation: HttpInstrumentation, undo = false): void => {
  const definitions = (instrumentation as unknown as { getModuleDefinitions(): ModuleDefinition[] }).getModuleDefinitions();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const http: unknown = require('node:http');
  for (const d of definitions.filter((d) => d.name === 'http')) {
    if (undo) d.unpatch?.(http);
    else d.patch?.(http);
  }
};

describe('one trace from the HTTP request to the Kafka consumer', () => {
  const exporter = new tracing.InMemorySpanExporter();
  const http = new HttpInstrumentation();
  const sdk = new NodeSDK({ spanProcessors: [new tracing.SimpleSpanProcessor(exporter)], instrumentations: [http] });
  const handled = new Map<string, SpanContext | undefined>();
  let t: TestApp;
  let topic: string;
  let brokers: string[];
  let consumer: Consumer | undefined;

  beforeAll(async () => {
    Logger.overrideLogger(['error']);
    sdk.start();
    patchHttp(http);
    const kafka = await sharedKafka();
    topic = uniqueTopic('trace');
    brokers = kafka.brokers.split(',');
    t = await startTestApp({ kafka: loadConfig({ KAFKA_BROKERS: kafka.brokers, KAFKA_TOPIC: topic, KAFKA_TOPIC_PARTITIONS: '1' }).kafka });
  });

  afterAll(async () => {
    await consumer?.disconnect();
    await t?.close();
    patchHttp(http, true);
    await sdk.shutdown();
    Logger.overrideLogger(['error', 'warn', 'log']);
  });

  it('given a traced request, then its events keep its context, the record carries it and the consumer continues it', async () => {
    const operator = t.token('operator');
    const client = trace.getTracer('test-client').startSpan('register trial', { kind: SpanKind.CLIENT });
    const headers: Record<string, string> = {};
    propagation.inject(trace.setSpan(context.active(), client), headers);
    const answer = await t.http.post('/trials').set('Authorization', operator).set(headers).send(registerBody(NCT));
    client.end();
    expect(answer.status).toBe(201);
    const { traceId } = client.spanContext();

    const server = exporter.getFinishedSpans().find((s) => s.kind === SpanKind.SERVER && s.spanContext().traceId === traceId);
    expect(server?.parentSpanContext?.spanId).toBe(client.spanContext().spanId);
    const [event] = await t.store.readStream(`trial-${NCT}`);
    expect(event.metadata.traceparent).toBe(`00-${traceId}-${server?.spanContext().spanId}-01`);
    // The trace context is metadata like the rest: inside the hash chain, which still verifies.
    const verified = await t.http.get(`/trials/${NCT}/verify`).set('Authorization', t.token('auditor'));
    expect(verified.body).toMatchObject({ verified: true, firstBrokenRevision: null });

    // Subscribed once the relay has created the topic and published the event.
    await healthWhen(healthOver(t.http), (h) => h.kafkaRelay.position > 0 && h.kafkaRelay.lag === 0);
    consumer = await consumeTrialEvents({
      brokers,
      groupId: `trace-${topic}`,
      topic,
      handle: async (event) => void handled.set(String(event.subject), trace.getActiveSpan()?.spanContext()),
    });
    await waitFor(() => handled.has(NCT), 'the consumer to handle the registration', { timeoutMs: 60_000 });
    const consumed = exporter.getFinishedSpans().find((s) => s.name === 'TrialRegistered process');
    expect(handled.get(NCT)?.traceId).toBe(traceId);
    expect(consumed?.spanContext().traceId).toBe(traceId);
    expect(consumed?.parentSpanContext?.spanId).toBe(server?.spanContext().spanId);
  });

  it('given a malformed traceparent, then the command is served as any other, in a trace of its own', async () => {
    const answer = await t.http
      .post('/trials')
      .set('Authorization', t.token('operator'))
      .set('traceparent', '00-not-a-trace-01')
      .send(registerBody(MALFORMED));
    expect(answer.status).toBe(201);
    const [event] = await t.store.readStream(`trial-${MALFORMED}`);
    expect(event.metadata.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    await healthWhen(healthOver(t.http), (h) => h.kafkaRelay.lag === 0);
  });
});
