import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { CloudEvent, Kafka as CloudEventsKafka, KafkaMessage } from 'cloudevents';
import { Kafka, logLevel } from 'kafkajs';
import { RecordedEvent } from '@trial-ledger/event-store';
import { loadConfig } from '@trial-ledger/platform';
import { consumeTrialEvents } from '../../docs/examples/consume-trial-events';
import { healthOver, healthWhen } from '../support/api-process';
import { TestKafka, sharedKafka, uniqueTopic } from '../support/kafka-broker';
import { ConsumedRecord, allOf, consumeUntil, expectedRevisions, idsOf, revisionsPerTrial } from '../support/kafka-consumer';
import { kcat } from '../support/kcat';
import { TestApp, startTestApp } from '../support/test-app';
import { driveTrial, nctIdFor } from '../support/trial-workload';

jest.setTimeout(180_000);

const TRIALS = 12;

interface KcatRecord {
  key: string;
  payload: string;
  headers: string[];
}

/** The CloudEvents SDK's own Kafka binding, as a downstream consumer that is not ours would parse a record. */
const parse = (record: ConsumedRecord): CloudEvent<unknown> => {
  const message: KafkaMessage<string> = {
    key: record.key,
    value: record.value,
    headers: record.headers,
    timestamp: record.timestamp,
    body: record.value,
  };
  return CloudEventsKafka.toEvent(message) as CloudEvent<unknown>;
};

// On the run's shared broker: the topic and every consumer group are this file's own.
describe('every trial event reaches Kafka', () => {
  const topic = uniqueTopic('delivery');
  let kafka: TestKafka;
  let t: TestApp;
  let events: RecordedEvent[];
  let records: ConsumedRecord[];

  beforeAll(async () => {
    Logger.overrideLogger(['error']);
    kafka = await sharedKafka();
    const config = loadConfig({ KAFKA_BROKERS: kafka.brokers, KAFKA_TOPIC: topic, KAFKA_TOPIC_PARTITIONS: '3' }).kafka;
    t = await startTestApp({ kafka: config });
    const operator = t.token('operator');
    await Promise.all(Array.from({ length: TRIALS }, (_, i) => driveTrial(t.http, operator, nctIdFor(i + 1))));
    await healthWhen(healthOver(t.http), (h) => h.kafkaRelay.lag === 0 && h.eventStore.headPosition === TRIALS * 6);
    events = await t.store.readAll({ after: 0, maxCount: 10_000 });
    records = await consumeUntil(kafka.brokers, topic, allOf(events));
  });
  afterAll(async () => {
    await t?.close();
    Logger.overrideLogger(['error', 'warn', 'log']);
  });

  it('creates the topic with the configured partition count', async () => {
    const admin = new Kafka({ brokers: kafka.brokers.split(','), logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
    await admin.disconnect();
    expect(topics[0].partitions).toHaveLength(3);
  });

  it('delivers every stored event at least once and nothing else', () => {
    expect(events).toHaveLength(TRIALS * 6);
    expect([...idsOf(records)].sort()).toEqual(events.map((e) => e.eventId).sort());
  });

  it('keeps each trial on one partition, in stream order', () => {
    const partitions = new Map<string, Set<number>>();
    for (const r of records) partitions.set(r.key, (partitions.get(r.key) ?? new Set()).add(r.partition));
    expect([...partitions.values()].every((p) => p.size === 1)).toBe(true);
    expect(revisionsPerTrial(records)).toEqual(expectedRevisions(events));
  });

  it('is parsed by the CloudEvents SDK into the stored event: id, type, subject, time, data and extensions', () => {
    const byId = new Map(events.map((e) => [e.eventId, e]));
    for (const record of records) {
      const ce = parse(record);
      const stored = byId.get(ce.id)!;
      expect(ce.validate()).toBe(true);
      const data = typeof ce.data === 'string' ? JSON.parse(ce.data) : ce.data;
      expect({ specversion: ce.specversion, type: ce.type, subject: ce.subject, time: ce.time, source: ce.source, data }).toEqual({
        specversion: '1.0',
        type: stored.type,
        subject: stored.streamId.replace('trial-', ''),
        time: stored.metadata.recordedAt,
        source: '/trial-ledger',
        data: stored.data,
      });
      expect(ce.datacontenttype).toBe('application/json');
      expect({ revision: ce.streamrevision, position: ce.globalposition, correlation: ce.correlationid }).toEqual({
        revision: String(stored.revision),
        position: String(stored.position),
        correlation: stored.metadata.correlationId,
      });
    }
  });

  it('is readable by kcat, with keys, headers and JSON values', async () => {
    const out = await kcat(['-b', kafka.brokers, '-C', '-t', topic, '-o', 'beginning', '-e', '-q', '-J']);
    // -J prints one JSON envelope per record; its headers are a flat [name, value, name, value, …] list.
    const lines: KcatRecord[] = out
      .trim()
      .split('\n')
      .map((line: string) => JSON.parse(line));
    expect(lines).toHaveLength(records.length);
    const ids = lines.map((l) => l.headers[l.headers.indexOf('ce_id') + 1]);
    expect(new Set(ids)).toEqual(idsOf(records));
    for (const l of lines) expect(JSON.parse(l.payload).nctId).toBe(l.key);
  });

  it("README's example consumer hands each event over once, each trial in stream order", async () => {
    const received: CloudEvent<unknown>[] = [];
    const consumer = await consumeTrialEvents({
      brokers: kafka.brokers.split(','),
      groupId: `readme-example-${randomUUID()}`,
      topic,
      handle: async (event) => {
        received.push(event);
      },
    });
    const deadline = Date.now() + 60_000;
    while (received.length < events.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await consumer.disconnect();
    expect(received.map((e) => e.id).sort()).toEqual(events.map((e) => e.eventId).sort());
    const perTrial: Record<string, number[]> = {};
    for (const e of received) (perTrial[String(e.subject)] ??= []).push(Number(e.streamrevision));
    expect(perTrial).toEqual(expectedRevisions(events));
  });
});
