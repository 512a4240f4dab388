import { ConfigError, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('defaults to port 3000 and ./data', () => {
    expect(loadConfig({}, '/srv')).toMatchObject({ port: 3000, dataDir: '/srv/data', seedOnEmptyStore: true, jwtSecret: undefined });
  });

  it('names every bad variable at once', () => {
    let error: unknown;
    try { loadConfig({ PORT: '70000', JWT_SECRET: 'short', SEED_ON_EMPTY_STORE: 'yes' }); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'JWT_SECRET must be at least 32 characters (HS256 needs 256 bits)',
      'PORT must be a whole number from 0 to 65535, got "70000"',
      'SEED_ON_EMPTY_STORE must be "true" or "false", got "yes"',
    ]);
  });
});
