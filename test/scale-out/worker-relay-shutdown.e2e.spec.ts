import request from 'supertest';
import { PostgresEventStore } from '@trial-ledger/event-store';
import { signToken } from '@trial-ledger/platform';
import { healthOver, healthWhen, problemsIn } from '../support/api-process';
import { PostgresFleet } from '../support/fleet';
import { TestKafka, sharedKafka, uniqueTopic } from '../support/kafka-broker';
import { allOf, consumeUntil, expectedRevisions, revisionsPerTrial } from '../support/kafka-consumer';
import { readWholeLog } from '../support/load/log-audit';
import { TEST_SECRET } from '../support/test-app';
import { CommandStream } from '../support/trial-workload';

jest.setTimeout(300_000);

const auth = `Bearer ${signToken(TEST_SECRET, 'operator-1', 'operator')}`;

/** How many times each event id came on the topic, for the ids that came more than once. */
const repeats = (ids: string[]): Record<string, number> => {
  const counts = new Map<string, number>();
  ids.forEach((id) => counts.set(id, (counts.get(id) ?? 0) + 1));
  return Object.fromEntries([...counts].filter(([, n]) => n > 1));
};

// The worker is stopped, never the broker, so this spec publishes to the run's shared broker.
describe('SIGTERM on the worker app while its Kafka relay is behind (PostgreSQL + Kafka; needs npm run build)', () => {
  let fleet: PostgresFleet;
  let kafka: TestKafka;
  beforeAll(async () => {
    [fleet, kafka] = await Promise.all([PostgresFleet.create(), sharedKafka()]);
  });
  afterAll(() => fleet?.dispose());

  it('flushes the relay checkpoint of every acknowledged batch: its successor re-publishes nothing and skips nothing', async () => {
    // One event per publish keeps the relay behind the commands, so the SIGTERM lands mid-stream.
    const env = {
      KAFKA_BROKERS: kafka.brokers,
      KAFKA_TOPIC: uniqueTopic('worker-term'),
      KAFKA_TOPIC_PARTITIONS: '3',
      KAFKA_RELAY_BATCH_SIZE: '1',
      RUN_WORKER: 'false',
    };
    const api = await fleet.start('api', env);
    const health = healthOver(request(api.url));
    const worker = await fleet.start('worker', env);
    const stream = new CommandStream(request(api.url), auth, 1, 4);
    await stream.waitFor(60);
    await healthWhen(health, (h) => h.kafkaRelay.position > 0);

    expect(await worker.terminate('SIGTERM')).toEqual({ code: 0, signal: null });
    expect(problemsIn(worker.logLines())).toEqual([]);
    const atExit = await health();
    expect(atExit.kafkaRelay.position).toBeLessThan(atExit.eventStore.headPosition);

    await fleet.start('worker', env);
    await stream.waitFor(30);
    await stream.stop();
    expect(stream.failures).toEqual([]);
    await healthWhen(health, (h) => h.kafkaRelay.lag === 0 && h.readModels.lag === 0, 120_000);

    const store = await PostgresEventStore.open(fleet.db.url);
    const events = await readWholeLog(store).finally(() => store.close());
    const records = await consumeUntil(kafka.brokers, env.KAFKA_TOPIC, allOf(events));
    expect(revisionsPerTrial(records)).toEqual(expectedRevisions(events));
    // At-least-once allows a repeat after a crash; a clean stop checkpoints what the broker acknowledged, so none.
    expect(repeats(records.map((r) => r.headers.ce_id))).toEqual({});
    expect(records).toHaveLength(events.length);
  });
});
