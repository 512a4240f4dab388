import { performance } from 'node:perf_hooks';
import { Figure } from './figures';
import { percentile } from './timing';

export interface LatencySamples {
  ours: number[];
  baseline: number[];
}

/** Milliseconds `work` takes, awaited. */
export const msOf = async (work: () => unknown): Promise<number> => {
  const started = performance.now();
  await work();
  return performance.now() - started;
};

/**
 * `warmUp` unmeasured rounds, then `samples` rounds of baseline and ours one after the other, so that both
 * sides see the same moments of a noisy machine.
 */
export const sampleAlternating = async (
  samples: number,
  warmUp: number,
  ours: () => Promise<number>,
  baseline: () => Promise<number>,
): Promise<LatencySamples> => {
  for (let i = 0; i < warmUp; i += 1) {
    await baseline();
    await ours();
  }
  const result: LatencySamples = { ours: [], baseline: [] };
  for (let i = 0; i < samples; i += 1) {
    result.baseline.push(await baseline());
    result.ours.push(await ours());
  }
  return result;
};

/** A p50 and a p99 row for one latency comparison. */
export const latencyFigures = (base: { suite: string; name: string; baselineLabel: string; notes?: string }, s: LatencySamples): Figure[] =>
  [50, 99].map((p) => ({
    suite: base.suite,
    name: `${base.name} p${p}`,
    unit: 'ms',
    higherIsBetter: false,
    ours: percentile(s.ours, p),
    baseline: { label: base.baselineLabel, value: percentile(s.baseline, p) },
    notes: `${s.ours.length} samples each, alternating${base.notes ? `; ${base.notes}` : ''}`,
  }));
