import { Kafka, logLevel } from 'kafkajs';

export interface ReadinessProbe {
  timeoutMs: number;
  /** Why the broker can no longer become ready (its process exited), or null while it still may. */
  gaveUp?: () => string | null;
  /** Text appended to a failure, such as the tail of the broker's log. */
  details: () => string;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const describeOnce = async (kafka: Kafka): Promise<string | null> => {
  const admin = kafka.admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return cluster.brokers.length > 0 ? null : 'the cluster lists no brokers yet';
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
};

/**
 * Polls until a kafkajs admin can describe the cluster: the same client library the code under test uses,
 * so "ready" means ready for kafkajs, not merely a listening port. Each attempt fails fast and quietly.
 */
export const waitUntilReady = async (brokers: string, probe: ReadinessProbe): Promise<void> => {
  const kafka = new Kafka({
    clientId: 'trial-ledger-test-readiness',
    brokers: brokers.split(','),
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1_000,
    requestTimeout: 3_000,
    retry: { retries: 0 },
  });
  const deadline = Date.now() + probe.timeoutMs;
  let lastError = 'no attempt finished';
  while (Date.now() < deadline) {
    const gaveUp = probe.gaveUp?.();
    if (gaveUp) throw new Error(`Kafka at ${brokers} ${gaveUp} before it was ready.\n${probe.details()}`);
    const error = await describeOnce(kafka);
    if (error === null) return;
    lastError = error;
    await sleep(250);
  }
  throw new Error(`Kafka at ${brokers} was not ready after ${probe.timeoutMs / 1000} s (last error: ${lastError}).\n${probe.details()}`);
};
