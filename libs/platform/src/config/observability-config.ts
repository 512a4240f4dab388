import { tracingRequested } from '@trial-ledger/telemetry';
import { Env, integer, oneOf } from './env-readers';

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];
export type LogFormat = 'json' | 'pretty';

/** Logs, metrics and traces. Traces read the standard OTEL_* variables themselves; this only says whether they are on. */
export interface ObservabilityConfig {
  logLevel: LogLevelName;
  /** JSON unless stdout is a terminal: a redirected log never gets a colour code. */
  logFormat: LogFormat;
  /** Null: no metrics endpoint. Never the API's own port, so /metrics is never public. */
  metricsPort: number | null;
  /**
   * How long a CLI batch (import, sync) that serves metrics keeps serving them after its summary, until one scrape has
   * read its final counts; 0: it exits at once.
   */
  metricsFinalScrapeSeconds: number;
  /** True when an OTEL_* exporter or endpoint is set and OTEL_SDK_DISABLED is not "true". */
  tracing: boolean;
}

const metricsPortOf = (env: Env, port: number, problems: string[]): number | null => {
  if ((env.METRICS_PORT ?? '') === '') return null;
  const metricsPort = integer(env, 'METRICS_PORT', 0, 0, 65535, problems);
  if (metricsPort !== 0 && metricsPort === port)
    problems.push(`METRICS_PORT must differ from PORT (${port}): /metrics is never served on the public API`);
  return metricsPort;
};

export const loadObservabilityConfig = (env: Env, port: number, isTty: boolean, problems: string[]): ObservabilityConfig => ({
  logLevel: oneOf(env, 'LOG_LEVEL', LOG_LEVELS, problems) ?? 'info',
  logFormat: oneOf<LogFormat>(env, 'LOG_FORMAT', ['json', 'pretty'], problems) ?? (isTty ? 'pretty' : 'json'),
  metricsPort: metricsPortOf(env, port, problems),
  metricsFinalScrapeSeconds: integer(env, 'METRICS_FINAL_SCRAPE_SECONDS', 60, 0, 3600, problems),
  tracing: tracingRequested(env),
});
