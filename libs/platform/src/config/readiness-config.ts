import { Env, integer } from './env-readers';

/**
 * How far behind the log a process may fall and still take traffic (`GET /health/ready`). The defaults are
 * generous on purpose: a readiness probe that fails on a short burst would pull every replica at once.
 */
export interface ReadinessConfig {
  /** Events the read models may lag behind the log head. */
  readyMaxReadModelLag: number;
  /** Events the Kafka relay may lag; counted only on the process that leads (a standby relays nothing). */
  readyMaxRelayLag: number;
}

export const DEFAULT_READY_MAX_LAG = 10_000;

export const loadReadinessConfig = (env: Env, problems: string[]): ReadinessConfig => ({
  readyMaxReadModelLag: integer(env, 'READY_MAX_READ_MODEL_LAG', DEFAULT_READY_MAX_LAG, 0, 1_000_000_000, problems),
  readyMaxRelayLag: integer(env, 'READY_MAX_RELAY_LAG', DEFAULT_READY_MAX_LAG, 0, 1_000_000_000, problems),
});
