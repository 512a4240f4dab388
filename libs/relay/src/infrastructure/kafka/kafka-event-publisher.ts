import { Logger } from '@nestjs/common';
import { Kafka, KafkaConfig as KafkaClientConfig, Message, Partitioners, Producer, SASLOptions, logLevel } from 'kafkajs';
import { KafkaConfig } from '@trial-ledger/platform';
import { KafkaRecord } from '../../application/kafka-record';
import { EventPublisher } from '../../application/ports';

const toMessage = (record: KafkaRecord): Message => ({ key: record.key, value: record.value, headers: record.headers });

// kafkajs reports every failed connection attempt; the relay already reports each failed publish with its
// reason, so the client's own lines are kept for debugging rather than repeated as warnings.
const kafkaLogCreator = () => {
  const logger = new Logger('kafkajs');
  return () =>
    ({ namespace, log }: { namespace: string; log: { message: string } }) =>
      logger.debug(`${namespace}: ${log.message}`);
};

export const kafkaClientConfig = (config: KafkaConfig): KafkaClientConfig => ({
  clientId: config.clientId,
  brokers: config.brokers,
  ssl: config.ssl,
  // The union of the config narrows per mechanism in kafkajs's types; the values are the same.
  ...(config.sasl ? { sasl: config.sasl as SASLOptions } : {}),
  logLevel: logLevel.WARN,
  logCreator: kafkaLogCreator(),
  retry: { retries: 3, initialRetryTime: 200, maxRetryTime: 3000 },
});

/**
 * kafkajs producer with the settings that make per-trial order and durability hold: idempotent, one request
 * in flight, acknowledgement from all in-sync replicas, and the Java client's murmur2 partitioner so a key
 * maps to the partition any other Kafka client would choose. Its retries are few on purpose: the relay
 * retries without end, with backoff, and reports each failure on /health.
 */
export class KafkaEventPublisher extends EventPublisher {
  private readonly kafka: Kafka;
  private producer: Producer | null = null;
  private topicReady = false;

  constructor(private readonly config: KafkaConfig) {
    super();
    this.kafka = new Kafka(kafkaClientConfig(config));
  }

  async publish(records: KafkaRecord[]): Promise<void> {
    const producer = await this.connected();
    try {
      await producer.send({ topic: this.config.topic, acks: -1, messages: records.map(toMessage) });
    } catch (error) {
      await this.close();
      throw error;
    }
  }

  async close(): Promise<void> {
    const producer = this.producer;
    this.producer = null;
    await producer?.disconnect().catch(() => undefined);
  }

  private async connected(): Promise<Producer> {
    if (this.producer) return this.producer;
    if (!this.topicReady) await this.ensureTopic();
    const producer = this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
      retry: { retries: 3, initialRetryTime: 200, maxRetryTime: 3000 },
    });
    try {
      await producer.connect();
    } catch (error) {
      await producer.disconnect().catch(() => undefined);
      throw error;
    }
    this.producer = producer;
    return producer;
  }

  /** Creates the topic when it is missing; an existing topic is left as its operators configured it. */
  private async ensureTopic(): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const existing = await admin.listTopics();
      if (!existing.includes(this.config.topic)) {
        const { brokers } = await admin.describeCluster();
        // kafkajs speaks CreateTopics v3, which cannot ask for "the broker's default" replication factor.
        const replicationFactor = this.config.replicationFactor ?? Math.min(3, brokers.length);
        await admin.createTopics({
          waitForLeaders: true,
          topics: [{ topic: this.config.topic, numPartitions: this.config.partitions, replicationFactor }],
        });
      }
      this.topicReady = true;
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }
}
