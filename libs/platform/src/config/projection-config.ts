import { Env, integer } from './env-readers';

/** How a live projection that failed waits before it tries again from its checkpoint (docs/reliability.md). */
export interface ProjectionConfig {
  /** The first wait; each failure in a row doubles it. */
  projectionRetryInitialMs: number;
  /** The longest wait, so that a fixed fault is picked up within this long. */
  projectionRetryMaxMs: number;
}

export const DEFAULT_PROJECTION_RETRY_INITIAL_MS = 1000;
export const DEFAULT_PROJECTION_RETRY_MAX_MS = 60_000;

export const loadProjectionConfig = (env: Env, problems: string[]): ProjectionConfig => {
  const initial = integer(env, 'PROJECTION_RETRY_INITIAL_MS', DEFAULT_PROJECTION_RETRY_INITIAL_MS, 1, 3_600_000, problems);
  const max = integer(env, 'PROJECTION_RETRY_MAX_MS', DEFAULT_PROJECTION_RETRY_MAX_MS, 1, 3_600_000, problems);
  if (max < initial) problems.push(`PROJECTION_RETRY_MAX_MS (${max}) must not be less than PROJECTION_RETRY_INITIAL_MS (${initial})`);
  return { projectionRetryInitialMs: initial, projectionRetryMaxMs: max };
};
