import { ConfigError, loadConfig } from './app-config';

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe('loadConfig: rate limit', () => {
  it('defaults to a generous 600 requests a minute per client', () => {
    expect(loadConfig({}).rateLimitPerMinute).toBe(600);
  });

  it('takes a limit, and 0 to turn it off', () => {
    expect(loadConfig({ RATE_LIMIT_PER_MINUTE: '30' }).rateLimitPerMinute).toBe(30);
    expect(loadConfig({ RATE_LIMIT_PER_MINUTE: '0' }).rateLimitPerMinute).toBe(0);
  });

  it.each(['-1', '1.5', 'lots', '1000001'])('refuses RATE_LIMIT_PER_MINUTE=%s', (value) => {
    expect(problemsOf({ RATE_LIMIT_PER_MINUTE: value })).toEqual([
      `RATE_LIMIT_PER_MINUTE must be a whole number from 0 to 1000000, got "${value}"`,
    ]);
  });
});

describe('loadConfig: CORS', () => {
  it('allows no origin when CORS_ORIGINS is unset or blank', () => {
    expect(loadConfig({}).corsOrigins).toEqual([]);
    expect(loadConfig({ CORS_ORIGINS: ' , ' }).corsOrigins).toEqual([]);
  });

  it('reads a comma-separated list of exact origins', () => {
    expect(loadConfig({ CORS_ORIGINS: 'https://app.example.org, http://localhost:5173' }).corsOrigins).toEqual([
      'https://app.example.org',
      'http://localhost:5173',
    ]);
  });

  // A wildcard, a path or a trailing slash would never equal a browser's Origin header (or, for "*", open the API to all).
  it('names every origin that is not in canonical form', () => {
    expect(problemsOf({ CORS_ORIGINS: 'https://ok.example.org,*,https://app.example.org/,app.example.org,ftp://x.org' })).toEqual([
      'CORS_ORIGINS must be a comma-separated list of exact origins like https://app.example.org, ' +
        'got "*", "https://app.example.org/", "app.example.org", "ftp://x.org"',
    ]);
  });
});
