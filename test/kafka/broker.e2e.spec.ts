import { randomUUID } from 'node:crypto';
import { EachMessageHandler, IHeaders, Kafka, Partitioners, logLevel } from 'kafkajs';
import { ManagedKafkaBroker } from '../support/kafka-broker';
import { kcat } from '../support/kcat';

jest.setTimeout(120_000);

interface Sample {
  key: string;
  value: string;
  headers: { [name: string]: string };
}

const sent: Sample[] = Array.from({ length: 20 }, (_, i) => ({
  key: `NCT0000000${i % 4}`,
  value: JSON.stringify({ seq: i }),
  headers: { ce_id: `event-${i}`, ce_type: 'trial-ledger.test' },
}));

const text = (headers: IHeaders | undefined): Sample['headers'] =>
  Object.fromEntries(Object.entries(headers ?? {}).map(([name, value]) => [name, String(value)]));

const byValue = (records: Sample[]): Sample[] => [...records].sort((a, b) => a.value.localeCompare(b.value));

// The harness itself is under test here, so this file always starts its own broker, even when KAFKA_BROKERS
// names another: a test must not stop a broker it does not own.
describe('the Kafka broker the e2e tests start', () => {
  let env: ManagedKafkaBroker;
  let kafka: Kafka;
  const topic = `harness-${randomUUID()}`;

  // kafkajs logs retriable responses (a coordinator still loading) as errors; real failures reject instead.
  beforeAll(async () => {
    env = await ManagedKafkaBroker.start();
    kafka = new Kafka({ clientId: 'harness-spec', brokers: env.brokers.split(','), logLevel: logLevel.NOTHING });
  });

  afterAll(async () => {
    await env?.dispose();
  });

  const produce = async (records: Sample[]): Promise<void> => {
    // The settings the relay publishes with: idempotent, one request in flight, acknowledged by all replicas.
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    try {
      await producer.send({ topic, acks: -1, messages: records });
    } finally {
      await producer.disconnect();
    }
  };

  /** Reads the topic from the start in a new consumer group until `count` records have arrived. */
  const consume = async (count: number): Promise<Sample[]> => {
    const consumer = kafka.consumer({ groupId: `harness-${randomUUID()}` });
    const received: Sample[] = [];
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`only ${received.length} of ${count} records arrived`)), 60_000);
        const eachMessage: EachMessageHandler = async ({ message }) => {
          received.push({ key: String(message.key), value: String(message.value), headers: text(message.headers) });
          if (received.length < count) return;
          clearTimeout(timer);
          resolve();
        };
        consumer.run({ eachMessage }).catch(reject);
      });
    } finally {
      await consumer.disconnect();
    }
    return received;
  };

  const readWithKcat = async (): Promise<string[]> => {
    const out = await kcat(['-b', env.brokers, '-C', '-t', topic, '-o', 'beginning', '-e', '-q', '-f', '%k %s\\n']);
    return out
      .split('\n')
      .filter((line) => line.length > 0)
      .sort();
  };

  it('creates a topic, takes idempotent writes and hands them to a consumer group', async () => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      expect(await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true })).toBe(true);
      const [metadata] = (await admin.fetchTopicMetadata({ topics: [topic] })).topics;
      expect(metadata.partitions).toHaveLength(3);
    } finally {
      await admin.disconnect();
    }
    await produce(sent);
    expect(byValue(await consume(sent.length))).toEqual(byValue(sent));
  });

  it('shows the same records to kcat', async () => {
    expect(await readWithKcat()).toEqual(sent.map((r) => `${r.key} ${r.value}`).sort());
  });

  it('keeps its records across a stop and restart', async () => {
    await env.stop();
    await env.restart();
    expect(byValue(await consume(sent.length))).toEqual(byValue(sent));

    const late: Sample = { key: 'NCT99999999', value: JSON.stringify({ seq: 20 }), headers: { ce_id: 'event-20' } };
    await produce([late]);
    expect(byValue(await consume(sent.length + 1))).toEqual(byValue([...sent, late]));
    expect(await readWithKcat()).toHaveLength(sent.length + 1);
  });
});
