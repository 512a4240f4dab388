import { MemorySample, outsideHeap } from '../support/load/memory-sampler';
import { growthAfterWarmUp, latencySummary, percentile } from '../support/load/soak-report';

// The soak passes when these figures stay small, so they must be shown to grow with a leak.
const series = (mbAt: (t: number) => number): MemorySample[] => Array.from({ length: 180 }, (_, t) => ({ at: t, mb: mbAt(t) }));

describe('soak memory figures', () => {
  it('see a leak of 6 MB/min in the high-water marks of a sawtooth (RSS), and not the sawtooth alone', () => {
    const sawtooth = (t: number) => 200 + (t % 30) * 2;
    expect(growthAfterWarmUp(series((t) => sawtooth(t) + t / 10), 36).growthMb).toBeGreaterThan(9);
    expect(growthAfterWarmUp(series(sawtooth), 36).growthMb).toBe(0);
  });

  it('see a leak of 6 MB/min in the slope of a jittery level (the heap after full GCs), and not the jitter alone', () => {
    const jitter = (t: number) => 34 + (t % 2 === 0 ? 1 : -1);
    expect(growthAfterWarmUp(series((t) => jitter(t) + t / 10), 36).slopeMbPerMinute).toBeCloseTo(6, 0);
    expect(Math.abs(growthAfterWarmUp(series(jitter), 36).slopeMbPerMinute)).toBeLessThan(0.5);
  });

  it('takes from RSS the heap V8 had committed at its last GC before each sample', () => {
    const rss = [{ at: 1, mb: 100 }, { at: 2, mb: 150 }, { at: 3, mb: 160 }];
    const gc = [{ at: 0.5, full: false, usedAfterMb: 10, committedAfterMb: 40 }, { at: 1.5, full: true, usedAfterMb: 30, committedAfterMb: 90 }];
    expect(outsideHeap(rss, gc)).toEqual([{ at: 1, mb: 60 }, { at: 2, mb: 60 }, { at: 3, mb: 70 }]);
  });

  it('reads percentiles by rank', () => {
    const ms = Array.from({ length: 100 }, (_, i) => i + 1);
    expect([percentile(ms, 50), percentile(ms, 99)]).toEqual([50, 99]);
  });

  it('summarises as many latencies as a fast soak collects', () => {
    // 500,000 latencies 0.0 … 49.9 ms, the largest in the middle, where no shortcut on the ends would find it.
    const ms = Array.from({ length: 500_000 }, (_, i) => (i % 500) / 10);
    ms[250_000] = 812.5;
    expect(latencySummary(ms)).toEqual({ count: 500_000, p50Ms: 25, p99Ms: 49.5, maxMs: 812.5 });
  });
});
