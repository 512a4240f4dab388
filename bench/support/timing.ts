import { performance } from 'node:perf_hooks';

/** Latency percentiles over a sample of durations in milliseconds (nearest-rank). */
export const percentile = (samples: readonly number[], p: number): number => {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
};

/** Runs `work` and returns how long it took in milliseconds. */
export const timed = async (work: () => unknown): Promise<number> => {
  const started = performance.now();
  await work();
  return performance.now() - started;
};

/**
 * Runs ours and the baseline alternately, `rounds` times each, and keeps each side's best round. Alternating
 * spreads the machine's noise over both sides; the best round is the least disturbed one.
 */
export const bestOfAlternating = async (
  rounds: number,
  ours: () => Promise<number>,
  baseline: () => Promise<number>,
): Promise<{ ours: number; baseline: number }> => {
  let best = { ours: Infinity, baseline: Infinity };
  for (let round = 0; round < rounds; round += 1) {
    const b = await baseline();
    const o = await ours();
    best = { ours: Math.min(best.ours, o), baseline: Math.min(best.baseline, b) };
  }
  return best;
};

export const perSecond = (count: number, ms: number): number => (count * 1000) / ms;
