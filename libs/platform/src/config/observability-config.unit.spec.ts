import { ConfigError, loadConfig } from './app-config';

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env, '/srv', false);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe('loadConfig: observability', () => {
  it('given nothing set, then JSON logs at info off a terminal, pretty ones on it, no metrics, no traces', () => {
    expect(loadConfig({}, '/srv', false).observability).toEqual({
      logLevel: 'info',
      logFormat: 'json',
      metricsPort: null,
      metricsFinalScrapeSeconds: 60,
      tracing: false,
    });
    expect(loadConfig({}, '/srv', true).observability.logFormat).toBe('pretty');
  });

  it('given the variables, then they are taken as set', () => {
    const env = {
      LOG_LEVEL: 'debug',
      LOG_FORMAT: 'json',
      METRICS_PORT: '9464',
      METRICS_FINAL_SCRAPE_SECONDS: '0',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
    };
    expect(loadConfig(env, '/srv', true).observability).toEqual({
      logLevel: 'debug',
      logFormat: 'json',
      metricsPort: 9464,
      metricsFinalScrapeSeconds: 0,
      tracing: true,
    });
  });

  it('given an exporter of none or the SDK disabled, then traces stay off', () => {
    expect(loadConfig({ OTEL_TRACES_EXPORTER: 'none' }, '/srv', false).observability.tracing).toBe(false);
    expect(loadConfig({ OTEL_TRACES_EXPORTER: 'otlp', OTEL_SDK_DISABLED: 'true' }, '/srv', false).observability.tracing).toBe(false);
  });

  it('given bad values or the metrics on the API port, then the start stops naming each variable', () => {
    expect(problemsOf({ LOG_LEVEL: 'loud', LOG_FORMAT: 'xml', METRICS_PORT: '3000' })).toEqual([
      'LOG_LEVEL must be one of trace, debug, info, warn, error, fatal, silent, got "loud"',
      'LOG_FORMAT must be one of json, pretty, got "xml"',
      'METRICS_PORT must differ from PORT (3000): /metrics is never served on the public API',
    ]);
    expect(problemsOf({ METRICS_PORT: 'x' })).toEqual(['METRICS_PORT must be a whole number from 0 to 65535, got "x"']);
    expect(problemsOf({ METRICS_FINAL_SCRAPE_SECONDS: '-1' })).toEqual([
      'METRICS_FINAL_SCRAPE_SECONDS must be a whole number from 0 to 3600, got "-1"',
    ]);
  });
});
