import { Logger } from '@nestjs/common';
import { ConfigError, loadConfig, loggerFromConfig, resolveJwtSecret } from '@trial-ledger/platform';
import { closeGracefullyOn } from '@trial-ledger/runtime';
import { RootModule, createApp } from './create-app';
import { seedIfEmpty } from './seed';
import { stopTracing } from './tracing';

const logger = new Logger('TrialLedger');

const start = async (rootModule: RootModule): Promise<void> => {
  const config = loadConfig(process.env);
  const jwtSecret = resolveJwtSecret(config.jwtSecret, config.dataDir);
  const rootLogger = loggerFromConfig(config.observability);
  const app = await createApp(
    { ...config, jwtSecret, runWorker: config.storage.runWorker, rootLogger, metricsPort: config.observability.metricsPort, stopTracing },
    rootModule,
  );
  // Installed here, not in createApp: the HTTP tests close their app themselves and must not exit the test process.
  closeGracefullyOn(app);
  if (config.seedOnEmptyStore) {
    const report = await seedIfEmpty(app, config.seedsDir);
    if (report) logger.log(`Seeded an empty store from ${config.seedsDir}: ${report.summary}`);
    report?.issues.forEach((i) => logger.warn(`seed ${i.record} ${i.field}: ${i.message}`));
  }
  // Every interface, as on Express; Fastify alone would listen on localhost only.
  await app.listen(config.port, '0.0.0.0');
  const url = (await app.getUrl()).replace('[::1]', 'localhost');
  logger.log(`Trial Ledger listens on ${url} (data in ${config.dataDir})`);
  logger.log(`API docs: ${url}/docs  (OpenAPI JSON: ${url}/openapi.json)`);
  logger.log(`Auditor page: ${url}/audit  (${config.oidc ? `sign in through ${config.oidc.issuer}` : 'paste a token there'})`);
  logger.log(
    config.kafka
      ? `Kafka relay on: topic ${config.kafka.topic} at ${config.kafka.brokers.join(',')}`
      : 'Kafka relay off (set KAFKA_BROKERS to publish every event to Kafka)',
  );
  logger.log(
    config.oidc
      ? `Tokens come from ${config.oidc.issuer} (audience ${config.oidc.audience}, roles from ${config.oidc.rolesClaim})`
      : 'Get a token: npm run cli -- token --sub <name> --role operator|auditor|reader',
  );
};

/**
 * The API process around a root module: configuration from the environment, the app, first-start seeding,
 * listening, and the exit codes of a failed start (2 for bad configuration). Apart from main.ts, which passes
 * AppModule, the benchmark's server (bench/app) runs its own module through it, so that what it measures is
 * served exactly as the API is.
 */
export const bootstrap = (rootModule: RootModule): Promise<void> =>
  start(rootModule).catch((error: unknown) => {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    process.stderr.write(`Trial Ledger failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
