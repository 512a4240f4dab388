import { ConfigError, loadConfig } from './app-config';

describe('loadConfig: readiness thresholds', () => {
  it('defaults both lags to 10000 events', () => {
    expect(loadConfig({})).toMatchObject({ readyMaxReadModelLag: 10_000, readyMaxRelayLag: 10_000 });
  });

  it('flags read models stalled behind the log after 30 s unless READINESS_STALL_SECONDS says otherwise', () => {
    expect(loadConfig({})).toMatchObject({ readinessStallSeconds: 30 });
    expect(loadConfig({ READINESS_STALL_SECONDS: '5' })).toMatchObject({ readinessStallSeconds: 5 });
    expect(() => loadConfig({ READINESS_STALL_SECONDS: '0' })).toThrow(
      'READINESS_STALL_SECONDS must be a whole number from 1 to 86400, got "0"',
    );
  });

  it('reads both thresholds, zero included', () => {
    expect(loadConfig({ READY_MAX_READ_MODEL_LAG: '0', READY_MAX_RELAY_LAG: '250' })).toMatchObject({
      readyMaxReadModelLag: 0,
      readyMaxRelayLag: 250,
    });
  });

  it('names every bad threshold at once', () => {
    let error: unknown;
    try {
      loadConfig({ READY_MAX_READ_MODEL_LAG: '-1', READY_MAX_RELAY_LAG: 'lots' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'READY_MAX_READ_MODEL_LAG must be a whole number from 0 to 1000000000, got "-1"',
      'READY_MAX_RELAY_LAG must be a whole number from 0 to 1000000000, got "lots"',
    ]);
  });
});
