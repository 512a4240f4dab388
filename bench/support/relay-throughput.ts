import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Kafka, Message, Partitioners } from 'kafkajs';
import { EventStore } from '@trial-ledger/event-store';
import { KafkaConfig } from '@trial-ledger/platform';
import {
  EventRelay,
  KafkaEventPublisher,
  KafkaRecord,
  RelayCheckpoint,
  SqliteRelayCheckpoint,
  kafkaClientConfig,
  toKafkaRecord,
} from '@trial-ledger/relay';

export const RELAY_SOURCE = '/trial-ledger';
export const RELAY_PARTITIONS = 6;

/** What the product reads from KAFKA_* with the defaults, pointed at a bench topic. */
export const benchKafkaConfig = (brokers: string, topic: string, batchSize: number): KafkaConfig => ({
  brokers: brokers.split(','),
  clientId: 'trial-ledger',
  topic,
  partitions: RELAY_PARTITIONS,
  replicationFactor: 1,
  source: RELAY_SOURCE,
  ssl: false,
  relayBatchSize: batchSize,
  relayMaxBackoffMs: 30_000,
});

/** Both sides get a topic created beforehand, so neither pays for topic creation in its timing. */
export const createTopic = async (brokers: string, topic: string): Promise<void> => {
  const admin = new Kafka(kafkaClientConfig(benchKafkaConfig(brokers, topic, 1))).admin();
  await admin.connect();
  try {
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: RELAY_PARTITIONS, replicationFactor: 1 }] });
  } finally {
    await admin.disconnect();
  }
};

/** The product's checkpoint, which also tells the bench the moment it was saved at the head. */
class WatchedCheckpoint extends RelayCheckpoint {
  private target = Infinity;
  private arrived: () => void = () => undefined;

  constructor(private readonly inner: RelayCheckpoint) {
    super();
  }

  reached(position: number): Promise<void> {
    this.target = position;
    return new Promise((resolve) => (this.arrived = resolve));
  }

  load(): Promise<number> {
    return this.inner.load();
  }

  async save(position: number): Promise<void> {
    await this.inner.save(position);
    if (position >= this.target) this.arrived();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

/**
 * Ours: the product's EventRelay with its Kafka publisher and SQLite checkpoint, from `from` to the head of
 * the log. Timed from start until the checkpoint is saved at the head, i.e. the last batch was acknowledged.
 */
export const timeRelay = async (
  store: EventStore,
  brokers: string,
  topic: string,
  dir: string,
  from = 0,
  batchSize = 500,
): Promise<number> => {
  const config = benchKafkaConfig(brokers, topic, batchSize);
  const sqlite = SqliteRelayCheckpoint.open(join(dir, `relay-${topic}.sqlite`), `kafka:${topic}`);
  if (from > 0) await sqlite.save(from);
  const checkpoint = new WatchedCheckpoint(sqlite);
  const relay = new EventRelay(store, new KafkaEventPublisher(config), checkpoint, {
    source: RELAY_SOURCE,
    batchSize,
    backoff: { initialMs: 250, maxMs: config.relayMaxBackoffMs },
  });
  const done = checkpoint.reached(await store.headPosition());
  const started = performance.now();
  await relay.start();
  await done;
  const elapsed = performance.now() - started;
  await relay.dispose();
  return elapsed;
};

/** The records the relay would send, cut at the batch boundaries it reads the log in. */
export const recordBatches = async (store: EventStore, batchSize = 500, from = 0): Promise<Message[][]> => {
  const batches: Message[][] = [];
  for (let after = from; ;) {
    const events = await store.readAll({ after, maxCount: batchSize });
    if (events.length === 0) return batches;
    const records = events.map((e) => toKafkaRecord(e, RELAY_SOURCE)).filter((r): r is KafkaRecord => r !== null);
    batches.push(records.map((r) => ({ key: r.key, value: r.value, headers: r.headers })));
    after = events[events.length - 1].position;
  }
};

/**
 * Baseline: a bare kafkajs producer with the relay's producer settings (idempotent, one request in flight,
 * acks from all replicas, murmur2, no compression) sending the pre-built records batch after batch.
 * It reads no store and keeps no checkpoint; that is the overhead the ratio measures.
 */
export const timeRawProducer = async (batches: Message[][], brokers: string, topic: string): Promise<number> => {
  const kafka = new Kafka(kafkaClientConfig(benchKafkaConfig(brokers, topic, 1)));
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
    retry: { retries: 3, initialRetryTime: 200, maxRetryTime: 3000 },
  });
  const started = performance.now();
  await producer.connect();
  for (const messages of batches) await producer.send({ topic, acks: -1, messages });
  const elapsed = performance.now() - started;
  await producer.disconnect();
  return elapsed;
};
