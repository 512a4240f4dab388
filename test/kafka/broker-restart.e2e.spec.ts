import { Logger } from '@nestjs/common';
import { loadConfig } from '@trial-ledger/platform';
import { HealthBody, healthOver, healthWhen } from '../support/api-process';
import { ManagedKafkaBroker } from '../support/kafka-broker';
import { allOf, consumeUntil, expectedRevisions, idsOf, revisionsPerTrial } from '../support/kafka-consumer';
import { TestApp, startTestApp } from '../support/test-app';
import { CommandStream } from '../support/trial-workload';

jest.setTimeout(240_000);

/**
 * This spec stops and starts the broker, so it always runs its own, even when KAFKA_BROKERS names another:
 * a test must not take down a broker it does not own.
 */
describe('the broker stopped and restarted while commands keep flowing', () => {
  let broker: ManagedKafkaBroker;
  let t: TestApp;

  beforeAll(async () => {
    Logger.overrideLogger(['error']);
    broker = await ManagedKafkaBroker.start();
  });
  afterAll(async () => {
    await t?.close();
    await broker?.dispose();
    Logger.overrideLogger(['error', 'warn', 'log']);
  });

  it('accepts every command during the outage, then delivers everything, each trial in order', async () => {
    const topic = `trial-ledger.e2e-outage.${Date.now()}`;
    const kafka = loadConfig({
      KAFKA_BROKERS: broker.brokers,
      KAFKA_TOPIC: topic,
      KAFKA_TOPIC_PARTITIONS: '3',
      KAFKA_RELAY_MAX_BACKOFF_MS: '1000',
    }).kafka;
    t = await startTestApp({ kafka });
    const health = healthOver(t.http);
    const stream = new CommandStream(t.http, t.token('operator'), 1, 3);
    await stream.waitFor(30);
    await healthWhen(health, (h) => h.kafkaRelay.position > 0);

    await broker.stop('SIGKILL');
    await stream.waitFor(60);
    const during: HealthBody = await healthWhen(health, (h) => h.kafkaRelay.consecutiveFailures > 0 && h.kafkaRelay.lag > 0);
    await broker.restart();
    await stream.waitFor(30);
    await stream.stop();
    expect(stream.failures).toEqual([]);

    await healthWhen(health, (h) => h.kafkaRelay.state === 'running' && h.kafkaRelay.lag === 0);
    const events = await t.store.readAll({ after: 0, maxCount: 100_000 });
    const records = await consumeUntil(broker.brokers, topic, allOf(events));
    expect(during.kafkaRelay.state).toBe('retrying');
    expect([...idsOf(records)].sort()).toEqual(events.map((e) => e.eventId).sort());
    expect(revisionsPerTrial(records)).toEqual(expectedRevisions(events));
  });
});
