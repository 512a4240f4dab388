import { SHARED_KAFKA_ENV, TestKafka, ensureKafkaDistribution, kafkaForTests } from './kafka-broker';

/** Jest runs the global setup and teardown in one process; a global is how the teardown finds the broker. */
export const SHARED_KAFKA_GLOBAL = '__trialLedgerSharedKafka';

/**
 * Runs once before the e2e workers start:
 * - fetches the broker's jars, so parallel spec files find them cached instead of racing Maven for them (they
 *   are fetched even when KAFKA_BROKERS names a broker: the specs that stop and restart one start their own);
 * - starts the one broker the spec files that never stop a broker share (or checks the one KAFKA_BROKERS
 *   names), and hands its address to the workers in SHARED_KAFKA_ENV. Starting a JVM broker costs seconds of
 *   both cores, once per run rather than once per spec file.
 * If no broker can be had this throws, and jest ends the run with the reason before any spec: an e2e run
 * without Kafka fails, it does not skip.
 */
export default async function e2eGlobalSetup(): Promise<void> {
  let kafka: TestKafka;
  let started = Date.now();
  try {
    ensureKafkaDistribution();
    started = Date.now(); // a first run's Maven download is not the broker's start
    kafka = await kafkaForTests();
  } catch (error) {
    throw new Error(`The e2e run needs a Kafka broker shared by its spec files and could not get one.\n${(error as Error).message}`);
  }
  (globalThis as Record<string, unknown>)[SHARED_KAFKA_GLOBAL] = kafka;
  process.env[SHARED_KAFKA_ENV] = kafka.brokers;
  // Where to point kcat while a spec runs, and what the one start cost (docs/reliability.md, test suite timing).
  const how = kafka.managed ? 'started' : 'named by KAFKA_BROKERS, answered';
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  process.stderr.write(`\ne2e: Kafka broker shared by the spec files at ${kafka.brokers} (${how} in ${seconds} s)\n`);
}
