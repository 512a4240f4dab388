import { ensureKafkaDistribution } from './kafka-broker';

/**
 * Runs once before the e2e workers: fetching the broker here means parallel test files find the jars cached
 * instead of racing Maven for them. It is fetched even when KAFKA_BROKERS names a broker, because the specs
 * that stop and restart a broker always start their own.
 */
export default async function e2eGlobalSetup(): Promise<void> {
  ensureKafkaDistribution();
}
