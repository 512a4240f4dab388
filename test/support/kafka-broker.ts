import { KAFKA_INSTALL_HINT } from './kafka/distribution';
import { ManagedKafkaBroker } from './kafka/managed-broker';
import { waitUntilReady } from './kafka/readiness';

export { ensureKafkaDistribution, kafkaVersion } from './kafka/distribution';
export { ManagedKafkaBroker } from './kafka/managed-broker';

export interface TestKafka {
  /** Comma-separated host:port list, as KAFKA_BROKERS takes it. */
  brokers: string;
  /** The broker these tests started, or null when KAFKA_BROKERS named one that they must not stop. */
  managed: ManagedKafkaBroker | null;
  dispose(): Promise<void>;
}

const EXTERNAL_TIMEOUT_MS = 20_000;

/**
 * The Kafka an e2e test talks to: the one KAFKA_BROKERS names, or else a broker started for this test file.
 * Either way it answers before this resolves; when none can be had it rejects with what to install or set,
 * so a machine without Kafka fails the tests rather than skipping them.
 */
export const kafkaForTests = async (): Promise<TestKafka> => {
  const external = process.env.KAFKA_BROKERS?.trim();
  if (!external) {
    const managed = await ManagedKafkaBroker.start();
    return { brokers: managed.brokers, managed, dispose: () => managed.dispose() };
  }
  await waitUntilReady(external, {
    timeoutMs: EXTERNAL_TIMEOUT_MS,
    details: () =>
      `KAFKA_BROKERS=${external} is set, so no broker was started. Start that broker, or unset KAFKA_BROKERS ` +
      `to let the tests start their own (for which ${KAFKA_INSTALL_HINT}).`,
  });
  return { brokers: external, managed: null, dispose: async () => undefined };
};
