export interface BackoffSettings {
  initialMs: number;
  maxMs: number;
}

/**
 * Exponential: initial, 2×, 4×, … capped at max. For the leader's own retries (relay, projections): one process
 * retries, so no jitter is needed to spread a herd.
 */
export const backoffDelay = (failures: number, { initialMs, maxMs }: BackoffSettings): number =>
  Math.min(maxMs, initialMs * 2 ** Math.max(0, Math.min(failures - 1, 30)));
