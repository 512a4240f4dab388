import { MemorySample, gcEvents, heapAfterFullGc, outsideHeap } from '../support/load/memory-sampler';
import { MemoryReport, memoryFindings, memoryReport } from '../support/load/soak-memory';
import { growthAfterWarmUp, latencySummary, percentile, slopeMbPerMinute } from '../support/load/soak-report';

// The soak passes when these figures stay small, so they must be shown to grow with a leak.
const series = (mbAt: (t: number) => number): MemorySample[] => Array.from({ length: 180 }, (_, t) => ({ at: t, mb: mbAt(t) }));

describe('soak memory figures', () => {
  it('see a leak of 6 MB/min in the high-water marks of a sawtooth (RSS), and not the sawtooth alone', () => {
    const sawtooth = (t: number) => 200 + (t % 30) * 2;
    expect(
      growthAfterWarmUp(
        series((t) => sawtooth(t) + t / 10),
        36,
      ).growthMb,
    ).toBeGreaterThan(9);
    expect(growthAfterWarmUp(series(sawtooth), 36).growthMb).toBe(0);
  });

  it('see a leak of 6 MB/min in the slope of a jittery level (the heap after full GCs), and not the jitter alone', () => {
    const jitter = (t: number) => 34 + (t % 2 === 0 ? 1 : -1);
    expect(
      growthAfterWarmUp(
        series((t) => jitter(t) + t / 10),
        36,
      ).slopeMbPerMinute,
    ).toBeCloseTo(6, 0);
    expect(Math.abs(growthAfterWarmUp(series(jitter), 36).slopeMbPerMinute)).toBeLessThan(0.5);
  });

  it('takes from RSS the heap each isolate had committed at its last GC before each sample', () => {
    const rss = [
      { at: 1, mb: 100 },
      { at: 2, mb: 150 },
      { at: 3, mb: 160 },
    ];
    const gc = [
      { isolate: '0x1', at: 0.5, full: false, usedAfterMb: 10, committedAfterMb: 40 },
      { isolate: '0x2', at: 1.2, full: true, usedAfterMb: 3, committedAfterMb: 5 },
      { isolate: '0x1', at: 1.5, full: true, usedAfterMb: 30, committedAfterMb: 90 },
    ];
    expect(outsideHeap(rss, gc)).toEqual([
      { at: 1, mb: 60 },
      { at: 2, mb: 55 },
      { at: 3, mb: 65 },
    ]);
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

// `--trace-gc` as Node 20 prints it: pid and isolate address, ms since that isolate started, heap before -> after.
const traceLine = (isolate: string, ms: number, kind: string, mb: number): string =>
  `[4242:${isolate}]    ${ms} ms: ${kind} ${(mb + 5).toFixed(1)} (60.0) -> ${mb.toFixed(1)} (58.0) MB, 12.1 / 0.00 ms  (average mu = 0.990, current mu = 0.980) testing; GC in old space requested\n`;

const [MAIN, WORKER] = ['0x2a9e1f0', '0x7f3dc8000f00'];

/**
 * The API's two isolates under gc-pulse.js: the main thread collects fully every 0.5 s; the projection thread from 2 s
 * on, every `workerEvery` s, on its own clock (it started 1.5 s after the main thread).
 */
const trace = (
  seconds: number,
  mainMb: (t: number) => number,
  workerMb: (t: number) => number,
  workerEvery = (_t: number) => 0.5,
): string => {
  let out = traceLine(MAIN, 40, 'Scavenge', 2.7);
  let nextWorker = 2;
  for (let ms = 500; ms <= seconds * 1000; ms += 500) {
    out += traceLine(MAIN, ms, 'Mark-Compact', mainMb(ms / 1000));
    if (ms < nextWorker * 1000) continue;
    out += traceLine(WORKER, ms - 1500, 'Mark-Compact', workerMb(ms / 1000));
    nextWorker = ms / 1000 + workerEvery(ms / 1000);
  }
  return out;
};

/** The soak's own report on the trace, with a flat RSS (100 MB) sampled every second. */
const reportOf = (output: string, warmUpSeconds: number): MemoryReport =>
  memoryReport(
    series(() => 100),
    gcEvents(output),
    { seconds: warmUpSeconds, commands: 0 },
  );

const LIMITS = { heapSlopeMbPerMinute: 1.5, outsideHeapGrowthMb: 128 };

describe('soak live heap, one series per V8 isolate', () => {
  const jitter = (t: number) => (Math.round(t * 2) % 3) / 10;

  it('reads the isolate of each GC line, the main thread first (it collects before any thread exists)', () => {
    const events = gcEvents(
      trace(
        3,
        () => 33,
        () => 4.2,
      ),
    );
    expect(events[0]).toEqual({ isolate: MAIN, at: 0.04, full: false, usedAfterMb: 2.7, committedAfterMb: 58 });
    expect(heapAfterFullGc(events).map((s) => [s.thread, s.isolate, s.samples.length])).toEqual([
      ['main', MAIN, 6],
      ['worker', WORKER, 3],
    ]);
  });

  it('does not take the interleaving of a 33 MB and a 4 MB heap for growth, as one series did', () => {
    // Both flat; the projection thread collects every 0.5 s for a while, then every 2 s (as V8 left to itself may).
    const output = trace(
      30,
      (t) => 33 + jitter(t),
      () => 4.2,
      (t) => (t < 20 ? 0.5 : 2),
    );
    const mixed = heapAfterFullGc(gcEvents(output))
      .flatMap((s) => s.samples)
      .filter((s) => s.at >= 10);
    expect(slopeMbPerMinute(mixed)).toBeGreaterThan(LIMITS.heapSlopeMbPerMinute);
    expect(memoryFindings(reportOf(output, 10), LIMITS)).toEqual([]);
  });

  it('finds 3 MB/min in the projection thread beside a flat main thread, and names the isolate', () => {
    const output = trace(
      30,
      (t) => 33 + jitter(t),
      (t) => 4.2 + t / 20,
    );
    expect(memoryFindings(reportOf(output, 10), LIMITS)).toEqual([
      expect.stringMatching(/^worker isolate 0x7f3dc8000f00: live heap grows 3(\.\d+)? MB\/min/),
    ]);
  });

  it('finds a missing isolate, and an isolate with too few full collections to judge', () => {
    const mainOnly = trace(
      30,
      () => 33,
      () => 4,
    )
      .split('\n')
      .filter((line) => !line.includes(WORKER))
      .join('\n');
    expect(memoryFindings(reportOf(mainOnly, 10), LIMITS)).toEqual([expect.stringMatching(/^saw 1 isolate/)]);
    // A projection thread that collected fully every 2 s: 10 figures in the 20 s after the warm-up.
    expect(
      memoryFindings(
        reportOf(
          trace(
            30,
            () => 33,
            () => 4,
            () => 2,
          ),
          10,
        ),
        LIMITS,
      ),
    ).toEqual([expect.stringMatching(/^worker isolate \S+: 10 full GCs after the warm-up, too few/)]);
  });
});
