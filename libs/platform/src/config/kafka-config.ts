import { Env, boolean, integer, oneOf } from './env-readers';

export const DEFAULT_KAFKA_TOPIC = 'trial-ledger.trial-events.v1';
const SASL_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;

export interface KafkaConfig {
  brokers: string[];
  clientId: string;
  topic: string;
  partitions: number;
  /** Absent: the broker's default.replication.factor decides. */
  replicationFactor?: number;
  /** The CloudEvents `source` attribute of every record. */
  source: string;
  ssl: boolean;
  sasl?: { mechanism: (typeof SASL_MECHANISMS)[number]; username: string; password: string };
  relayBatchSize: number;
  relayMaxBackoffMs: number;
}

// Kafka's own rule for topic names: legal characters and at most 249 of them.
const TOPIC = /^[a-zA-Z0-9._-]{1,249}$/;
const BROKER = /^[^\s:,]+:\d{1,5}$/;

const brokersOf = (raw: string, problems: string[]): string[] => {
  const brokers = raw
    .split(',')
    .map((b) => b.trim())
    .filter((b) => b !== '');
  const bad = brokers.filter((b) => !BROKER.test(b));
  if (brokers.length === 0 || bad.length > 0) problems.push(`KAFKA_BROKERS must be a comma-separated list of host:port, got "${raw}"`);
  return brokers;
};

const saslOf = (env: Env, problems: string[]): KafkaConfig['sasl'] => {
  const mechanism = oneOf(env, 'KAFKA_SASL_MECHANISM', SASL_MECHANISMS, problems);
  if (!mechanism) return undefined;
  const { KAFKA_SASL_USERNAME: username, KAFKA_SASL_PASSWORD: password } = env;
  if (!username || !password) {
    problems.push('KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD are required with KAFKA_SASL_MECHANISM');
    return undefined;
  }
  return { mechanism, username, password };
};

/** Kafka is optional: without KAFKA_BROKERS the relay is off (null) and everything else works. */
export const loadKafkaConfig = (env: Env, problems: string[]): KafkaConfig | null => {
  const raw = env.KAFKA_BROKERS;
  if (raw === undefined || raw.trim() === '') return null;
  const topic = env.KAFKA_TOPIC || DEFAULT_KAFKA_TOPIC;
  if (!TOPIC.test(topic)) problems.push(`KAFKA_TOPIC must be 1 to 249 of a-z A-Z 0-9 . _ -, got "${topic}"`);
  const replication = integer(env, 'KAFKA_TOPIC_REPLICATION_FACTOR', 0, 1, 32, problems);
  return {
    brokers: brokersOf(raw, problems),
    clientId: env.KAFKA_CLIENT_ID || 'trial-ledger',
    topic,
    partitions: integer(env, 'KAFKA_TOPIC_PARTITIONS', 6, 1, 10_000, problems),
    ...(replication > 0 ? { replicationFactor: replication } : {}),
    source: env.CLOUDEVENTS_SOURCE || '/trial-ledger',
    ssl: boolean(env, 'KAFKA_SSL', false, problems),
    sasl: saslOf(env, problems),
    relayBatchSize: integer(env, 'KAFKA_RELAY_BATCH_SIZE', 500, 1, 10_000, problems),
    relayMaxBackoffMs: integer(env, 'KAFKA_RELAY_MAX_BACKOFF_MS', 30_000, 100, 600_000, problems),
  };
};
