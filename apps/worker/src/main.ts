// First: OpenTelemetry patches what the imports below load.
import './tracing';
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import {
  ConfigError,
  Metrics,
  NestLogger,
  fastifyLogging,
  installHttpMetrics,
  installRequestLogging,
  loadConfig,
  loggerFromConfig,
} from '@trial-ledger/platform';
import { closeGracefullyOn } from '@trial-ledger/runtime';
import { stopTracing } from './tracing';
import { WorkerModule } from './worker.module';

const logger = new Logger('TrialLedgerWorker');

const bootstrap = async (): Promise<void> => {
  const config = loadConfig(process.env);
  if (config.storage.eventStore === 'sqlite' || config.storage.readModelStore === 'sqlite') {
    // SQLite files belong to one process: the API runs the projections itself in embedded mode.
    throw new ConfigError(['the worker needs shared stores: set EVENT_STORE and READ_MODEL_STORE to server engines (postgres, kurrentdb)']);
  }
  const rootLogger = loggerFromConfig(config.observability);
  const adapter = new FastifyAdapter(fastifyLogging(rootLogger));
  const app = await NestFactory.create(
    WorkerModule.forRoot({ ...config, runWorker: true, metricsPort: config.observability.metricsPort, stopTracing }),
    adapter,
    {
      logger: new NestLogger(rootLogger),
    },
  );
  installRequestLogging(app.getHttpAdapter().getInstance());
  installHttpMetrics(app.getHttpAdapter().getInstance(), app.get(Metrics));
  closeGracefullyOn(app);
  // Every interface, as on Express; Fastify alone would listen on localhost only.
  await app.listen(config.port, '0.0.0.0');
  logger.log(`Worker up; /health on ${(await app.getUrl()).replace('[::1]', 'localhost')}`);
};

bootstrap().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof ConfigError ? error.message : `Worker failed to start: ${error instanceof Error ? error.stack : String(error)}`}\n`,
  );
  process.exit(error instanceof ConfigError ? 2 : 1);
});
