/**
 * What every benchmark reports. A figure is ours against a baseline measured side by side in the same run, so
 * the ratio means something on a noisy machine even when the absolute numbers move from run to run.
 */
export interface Figure {
  suite: string;
  /** What was measured, e.g. "append 1 event/tx, 16 clients". */
  name: string;
  unit: string;
  /** True for throughput (events/s), false for latency or memory. */
  higherIsBetter: boolean;
  ours: number;
  /** The side-by-side baseline; absent only for a figure that has none (a latency of its own, an RSS). */
  baseline?: { label: string; value: number };
  /** Targets from the issue; a figure without one is reported, not judged. */
  target?: { minRatio?: number; minValue?: number; maxValue?: number };
  /** Anything a reader needs to interpret the row (p50/p99 beside a throughput, sample sizes). */
  notes?: string;
}

export interface BenchContext {
  /** Smaller workloads for a quick look while developing; the published table never uses it. */
  quick: boolean;
  /** A scratch directory for this run, removed afterwards. */
  workDir: string;
  log(message: string): void;
}

export interface BenchSuite {
  name: string;
  /** Lower runs first; suites that start servers of their own go last. */
  order: number;
  /** Runs only when `--only` names it: a suite of hours would otherwise make every full run one. */
  onlyWhenNamed?: boolean;
  run(ctx: BenchContext): Promise<Figure[]>;
}

/** ours / baseline, oriented so that above 1 is better than the baseline. */
export const ratioOf = (figure: Figure): number | null => {
  if (!figure.baseline || figure.baseline.value === 0 || figure.ours === 0) return null;
  return figure.higherIsBetter ? figure.ours / figure.baseline.value : figure.baseline.value / figure.ours;
};

export type Verdict = 'met' | 'missed' | '-';

export const verdictOf = (figure: Figure): Verdict => {
  const { target } = figure;
  if (!target) return '-';
  const ratio = ratioOf(figure);
  const checks = [
    target.minRatio === undefined || (ratio !== null && ratio >= target.minRatio),
    target.minValue === undefined || figure.ours >= target.minValue,
    target.maxValue === undefined || figure.ours <= target.maxValue,
  ];
  return checks.every(Boolean) ? 'met' : 'missed';
};
