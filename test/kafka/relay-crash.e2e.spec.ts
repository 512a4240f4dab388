import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import request from 'supertest';
import { SqliteEventStore } from '@trial-ledger/event-store';
import { signToken } from '@trial-ledger/platform';
import { ApiProcess, healthOver, healthWhen } from '../support/api-process';
import { TestKafka, sharedKafka, uniqueTopic } from '../support/kafka-broker';
import { allOf, consumeUntil, expectedRevisions, idsOf, revisionsPerTrial } from '../support/kafka-consumer';
import { TEST_SECRET } from '../support/test-app';
import { CommandStream } from '../support/trial-workload';

jest.setTimeout(240_000);

// The API process is killed, never the broker, so this spec publishes to the run's shared broker.
describe('the relay killed mid-stream (SIGKILL of the API process that runs it)', () => {
  let kafka: TestKafka;
  let dataDir: string;
  let api: ApiProcess | null = null;

  beforeAll(async () => {
    kafka = await sharedKafka();
    dataDir = mkdtempSync(join(tmpdir(), 'relay-crash-'));
  });
  afterAll(async () => {
    await api?.stop('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('restarts from its checkpoint and leaves no gap: every stored event on the topic, each trial in order', async () => {
    const topic = uniqueTopic('crash');
    // One event per publish keeps the relay behind the command stream, so the kill lands mid-stream.
    const env = {
      DATA_DIR: dataDir,
      JWT_SECRET: TEST_SECRET,
      SEEDS_DIR: resolve(__dirname, '../../seeds'),
      KAFKA_BROKERS: kafka.brokers,
      KAFKA_TOPIC: topic,
      KAFKA_TOPIC_PARTITIONS: '3',
      KAFKA_RELAY_BATCH_SIZE: '1',
      KAFKA_RELAY_MAX_BACKOFF_MS: '1000',
    };
    const auth = `Bearer ${signToken(TEST_SECRET, 'operator-1', 'operator')}`;
    api = await ApiProcess.start(env);
    const before = new CommandStream(request(api.url), auth, 1, 4);
    await before.waitFor(60);
    const atKill = await healthWhen(healthOver(request(api.url)), (h) => h.kafkaRelay.position > 0 && h.kafkaRelay.lag > 0);
    await api.stop('SIGKILL');
    await before.stop();

    api = await ApiProcess.start(env);
    const after = new CommandStream(request(api.url), auth, 10_000, 2);
    await after.waitFor(30);
    await after.stop();
    expect(after.failures).toEqual([]);
    await healthWhen(healthOver(request(api.url)), (h) => h.kafkaRelay.state === 'running' && h.kafkaRelay.lag === 0);
    await api.stop('SIGTERM');

    const store = SqliteEventStore.open(join(dataDir, 'events.sqlite'));
    const events = await store.readAll({ after: 0, maxCount: 1_000_000 });
    await store.close();
    const records = await consumeUntil(kafka.brokers, topic, allOf(events));
    expect(atKill.kafkaRelay.position).toBeLessThan(atKill.eventStore.headPosition);
    expect(events.length).toBeGreaterThan(atKill.eventStore.headPosition);
    expect([...idsOf(records)].sort()).toEqual(events.map((e) => e.eventId).sort());
    expect(revisionsPerTrial(records)).toEqual(expectedRevisions(events));
  });
});
