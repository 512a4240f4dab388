import { randomUUID } from 'node:crypto';
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

/**
 * Where the e2e global setup announces the broker it shares with the spec files. Jest starts its workers after
 * the global setup has run, so they inherit the variable (and an in-band run reads the same process.env).
 */
export const SHARED_KAFKA_ENV = 'TRIAL_LEDGER_E2E_SHARED_KAFKA';

const EXTERNAL_TIMEOUT_MS = 20_000;
// The shared broker was ready when the run began; this only has to tell a broker that died since from one
// that is slow to answer on a busy machine.
const SHARED_TIMEOUT_MS = 20_000;

/**
 * The Kafka a caller of its own talks to: the one KAFKA_BROKERS names, or else a broker started for it.
 * Either way it answers before this resolves; when none can be had it rejects with what to install or set,
 * so a machine without Kafka fails rather than skips. The e2e global setup and the benchmarks use it; spec
 * files take `sharedKafka()` instead, or start a `ManagedKafkaBroker` when they stop it.
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

/**
 * The broker the e2e run shares between the spec files that never stop a broker (started once by
 * test/support/e2e-global-setup.ts, or the one KAFKA_BROKERS names). A spec must not stop or restart it, and
 * must keep to topics and consumer groups of its own (`uniqueTopic`): other spec files use it at the same time.
 * `dispose` does nothing; the global teardown stops the broker.
 */
export const sharedKafka = async (): Promise<TestKafka> => {
  const brokers = process.env[SHARED_KAFKA_ENV]?.trim();
  if (!brokers) {
    throw new Error(
      `No shared Kafka broker: ${SHARED_KAFKA_ENV} is not set. The e2e project's global setup ` +
        `(test/support/e2e-global-setup.ts) starts one; run this spec through it (npm run jest -- --selectProjects e2e <path>).`,
    );
  }
  await waitUntilReady(brokers, {
    timeoutMs: SHARED_TIMEOUT_MS,
    details: () =>
      `This is the broker the e2e global setup started (or KAFKA_BROKERS named) for the whole run; it has stopped ` +
      `answering, so every spec sharing it fails. Look for a spec that stopped a broker it did not start.`,
  });
  return { brokers, managed: null, dispose: async () => undefined };
};

/** A topic no other spec file, nor another run against the same broker, writes to. */
export const uniqueTopic = (purpose: string): string => `trial-ledger.e2e-${purpose}.${randomUUID()}`;
