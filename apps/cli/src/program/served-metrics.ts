import { INestApplicationContext } from '@nestjs/common';
import { AppConfig, Metrics, MetricsEndpoint } from '@trial-ledger/platform';
import { CliIo, CliOutput } from '../cli-io';

/**
 * The metrics of a command that serves them (CliCommand.servesMetrics), and a line saying where they are served
 * when METRICS_PORT is set: with METRICS_PORT=0 the port is the system's pick, which only this line tells.
 */
export const servedMetrics = (app: INestApplicationContext, stderr: CliOutput): Metrics => {
  const port = app.get(MetricsEndpoint).port;
  if (port !== null) stderr.write(`Prometheus metrics on port ${port} at /metrics while this runs\n`);
  return app.get(Metrics);
};

/**
 * A batch's last counts would be lost with its process, between two scrapes: it keeps serving them until one scrape
 * has read them (at most METRICS_FINAL_SCRAPE_SECONDS). Not after an interruption: whoever stopped it wants it gone.
 */
export const awaitFinalScrape = async (app: INestApplicationContext, config: AppConfig, io: CliIo): Promise<void> => {
  const endpoint = app.get(MetricsEndpoint);
  const seconds = config.observability.metricsFinalScrapeSeconds;
  if (endpoint.port === null || seconds === 0 || io.signal?.aborted === true) return;
  io.stderr.write(`serving the final counts on port ${endpoint.port} until the next scrape, at most ${seconds} s\n`);
  await endpoint.nextScrape(seconds * 1000, io.signal);
};
