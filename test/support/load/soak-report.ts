import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemorySample } from './memory-sampler';

export const percentile = (values: number[], p: number): number => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

const round = (n: number, digits = 1): number => Number(n.toFixed(digits));

// A reduce, not Math.max(...ms): a soak collects a few hundred thousand samples, beyond what a call's arguments may hold.
export const latencySummary = (ms: number[]) => ({
  count: ms.length,
  p50Ms: round(percentile(ms, 50)),
  p99Ms: round(percentile(ms, 99)),
  maxMs: round(ms.reduce((a, b) => Math.max(a, b), -Infinity)),
});

/** Least-squares slope of the samples, in MB per minute. */
export const slopeMbPerMinute = (samples: MemorySample[]): number => {
  const n = samples.length;
  const meanT = samples.reduce((s, x) => s + x.at, 0) / n;
  const meanM = samples.reduce((s, x) => s + x.mb, 0) / n;
  const cov = samples.reduce((s, x) => s + (x.at - meanT) * (x.mb - meanM), 0);
  const varT = samples.reduce((s, x) => s + (x.at - meanT) ** 2, 0);
  return varT === 0 ? 0 : (cov / varT) * 60;
};

export interface GrowthCheck {
  warmUpSeconds: number;
  firstThirdMaxMb: number;
  lastThirdMaxMb: number;
  growthMb: number;
  slopeMbPerMinute: number;
}

/**
 * Compares the high-water marks of the first and last thirds of the samples taken after `warmUpSeconds`
 * (the caches, JIT and the first SQLite pages settle there). A high-water mark is what an orchestrator's
 * memory limit meets, and it does not depend on where in a GC cycle one sample happened to fall.
 */
export const growthAfterWarmUp = (samples: MemorySample[], warmUpSeconds: number): GrowthCheck => {
  const steady = samples.filter((s) => s.at >= warmUpSeconds);
  if (steady.length < 6) throw new Error(`Only ${steady.length} memory samples after the warm-up: run longer`);
  const third = Math.floor(steady.length / 3);
  const maxOf = (part: MemorySample[]) => Math.max(...part.map((s) => s.mb));
  const [first, last] = [maxOf(steady.slice(0, third)), maxOf(steady.slice(-third))];
  return {
    warmUpSeconds,
    firstThirdMaxMb: round(first),
    lastThirdMaxMb: round(last),
    growthMb: round(last - first),
    slopeMbPerMinute: round(slopeMbPerMinute(steady), 2),
  };
};

/** Writes the report as JSON (to SOAK_REPORT, else a new file in the temp directory), prints it without the samples. */
export const publishReport = (report: object): string => {
  const file = process.env.SOAK_REPORT ?? join(tmpdir(), `trial-ledger-soak-${Date.now()}.json`);
  writeFileSync(file, JSON.stringify(report, null, 2));
  const printed = JSON.stringify(report, (key, value: unknown) => (key === 'samples' ? undefined : value), 2);
  process.stdout.write(`soak report (${file}; samples there):\n${printed}\n`);
  return file;
};
