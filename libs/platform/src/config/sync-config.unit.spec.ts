import { ConfigError, loadConfig } from './app-config';

describe('sync configuration', () => {
  it('given nothing, then the registry at its ~50 requests a minute, pages of 1,000, 30 min of retries, and no schedule', () => {
    expect(loadConfig({}).sync).toEqual({
      baseUrl: 'https://clinicaltrials.gov/api/v2',
      pageSize: 1000,
      requestsPerSecond: 0.8,
      maxRetryMs: 1_800_000,
      intervalMinutes: null,
      since: null,
    });
  });

  it('given every setting, then each as typed', () => {
    const env = {
      SYNC_BASE_URL: 'http://mirror.local:8080/api/v2',
      SYNC_PAGE_SIZE: '200',
      SYNC_RATE: '2.5',
      SYNC_MAX_RETRY_SECONDS: '60',
      SYNC_INTERVAL_MINUTES: '360',
      SYNC_SINCE: '2024-03-01',
    };
    expect(loadConfig(env).sync).toEqual({
      baseUrl: 'http://mirror.local:8080/api/v2',
      pageSize: 200,
      requestsPerSecond: 2.5,
      maxRetryMs: 60_000,
      intervalMinutes: 360,
      since: '2024-03-01',
    });
  });

  it('given bad values, then every one is named at start-up', () => {
    const env = { SYNC_BASE_URL: 'ftp://x', SYNC_PAGE_SIZE: '5000', SYNC_RATE: '0', SYNC_INTERVAL_MINUTES: '-1', SYNC_SINCE: '2024-13-01' };
    const error = (() => {
      try {
        loadConfig(env);
      } catch (e) {
        return e as ConfigError;
      }
      throw new Error('loadConfig accepted bad sync settings');
    })();
    expect(error.problems).toEqual([
      'SYNC_INTERVAL_MINUTES must be a whole number from 0 to 10080, got "-1"',
      'SYNC_BASE_URL must be an http(s) URL, got "ftp://x"',
      'SYNC_PAGE_SIZE must be a whole number from 1 to 1000, got "5000"',
      'SYNC_RATE must be requests per second, more than 0 and at most 100, got "0"',
      'SYNC_SINCE must be a day as yyyy-MM-dd, got "2024-13-01"',
    ]);
  });
});
