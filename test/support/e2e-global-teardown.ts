import { TestKafka } from './kafka-broker';
import { SHARED_KAFKA_GLOBAL } from './e2e-global-setup';

/** Stops the broker the global setup started (a broker KAFKA_BROKERS named is left running: not ours). */
export default async function e2eGlobalTeardown(): Promise<void> {
  const kafka = (globalThis as Record<string, unknown>)[SHARED_KAFKA_GLOBAL] as TestKafka | undefined;
  delete (globalThis as Record<string, unknown>)[SHARED_KAFKA_GLOBAL];
  await kafka?.dispose();
}
