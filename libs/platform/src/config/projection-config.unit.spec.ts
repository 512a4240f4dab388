import { loadProjectionConfig } from './projection-config';

describe('loadProjectionConfig', () => {
  it('defaults to 1 s doubling up to 60 s', () => {
    const problems: string[] = [];
    expect(loadProjectionConfig({}, problems)).toEqual({ projectionRetryInitialMs: 1000, projectionRetryMaxMs: 60_000 });
    expect(problems).toEqual([]);
  });

  it('takes both settings and names each bad one', () => {
    const problems: string[] = [];
    expect(loadProjectionConfig({ PROJECTION_RETRY_INITIAL_MS: '250', PROJECTION_RETRY_MAX_MS: '5000' }, problems)).toEqual({
      projectionRetryInitialMs: 250,
      projectionRetryMaxMs: 5000,
    });
    loadProjectionConfig({ PROJECTION_RETRY_INITIAL_MS: '0', PROJECTION_RETRY_MAX_MS: 'soon' }, problems);
    loadProjectionConfig({ PROJECTION_RETRY_INITIAL_MS: '5000', PROJECTION_RETRY_MAX_MS: '1000' }, problems);
    expect(problems).toEqual([
      'PROJECTION_RETRY_INITIAL_MS must be a whole number from 1 to 3600000, got "0"',
      'PROJECTION_RETRY_MAX_MS must be a whole number from 1 to 3600000, got "soon"',
      'PROJECTION_RETRY_MAX_MS (1000) must not be less than PROJECTION_RETRY_INITIAL_MS (5000)',
    ]);
  });
});
