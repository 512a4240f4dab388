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
  /**
   * Seconds the read models may stay at one position while the log has events after it, whatever the lag, before
   * readiness fails naming the leader: a leader that renews its lease but applies nothing shows only that way.
   */
  readinessStallSeconds: number;
}

export const DEFAULT_READY_MAX_LAG = 10_000;
/** Longer than a catch-up batch takes on a loaded machine, short enough to flag a hung leader within a minute. */
export const DEFAULT_READINESS_STALL_SECONDS = 30;

export const loadReadinessConfig = (env: Env, problems: string[]): ReadinessConfig => ({
  readyMaxReadModelLag: integer(env, 'READY_MAX_READ_MODEL_LAG', DEFAULT_READY_MAX_LAG, 0, 1_000_000_000, problems),
  readyMaxRelayLag: integer(env, 'READY_MAX_RELAY_LAG', DEFAULT_READY_MAX_LAG, 0, 1_000_000_000, problems),
  readinessStallSeconds: integer(env, 'READINESS_STALL_SECONDS', DEFAULT_READINESS_STALL_SECONDS, 1, 86_400, problems),
});
