import { readFileSync } from 'node:fs';

export interface MemorySample {
  /** Seconds since the sampled process started (the clock `--trace-gc` lines use too). */
  at: number;
  mb: number;
}

/** The resident set of a Linux process, in MB, from /proc/<pid>/status. */
export const residentMb = (pid: number): number => {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`No VmRSS for process ${pid}`);
  return Number(match[1]) / 1024;
};

// /proc/<pid>/stat field 22 is the start time in clock ticks since boot (USER_HZ, 100 on Linux).
const CLOCK_TICKS = 100;

/** Seconds since the process started, from /proc, so samples line up with the process's own timestamps. */
export const processAgeSeconds = (pid: number): number => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const uptime = Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]);
  return uptime - Number(fields[19]) / CLOCK_TICKS;
};

/** Samples a process's RSS at a fixed interval until stopped. */
export class RssSampler {
  readonly samples: MemorySample[] = [];
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly pid: number,
    intervalMs = 1000,
  ) {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
  }

  stop(): MemorySample[] {
    clearInterval(this.timer);
    this.sample();
    return this.samples;
  }

  private sample(): void {
    this.samples.push({ at: processAgeSeconds(this.pid), mb: residentMb(this.pid) });
  }
}

export interface GcEvent {
  /** The V8 isolate that collected: the main thread and each worker thread have their own heap and their own GCs. */
  isolate: string;
  /** Seconds on that isolate's own clock: since the isolate started (a worker's starts when the thread does). */
  at: number;
  full: boolean;
  usedAfterMb: number;
  committedAfterMb: number;
}

// `--trace-gc` prints e.g. "[41:0x6f1c000]    30123 ms: Mark-Compact 45.2 (60.1) -> 30.5 (58.3) MB, ...": the pid and the
// isolate's address, ms since that isolate started, then the heap in use (and committed) before -> after.
const GC_LINE =
  /\[\d+:(0x[0-9a-f]+)(?::\d+)?\]\s+(\d+) ms: (Scavenge|Mark-Compact(?: \(reduce\))?|Minor Mark-Compact)\s+[\d.]+ \([\d.]+\) -> ([\d.]+) \(([\d.]+)\) MB/g;

export const gcEvents = (output: string): GcEvent[] =>
  [...output.matchAll(GC_LINE)].map((m) => ({
    isolate: m[1],
    at: Number(m[2]) / 1000,
    full: m[3].startsWith('Mark-Compact'),
    usedAfterMb: Number(m[4]),
    committedAfterMb: Number(m[5]),
  }));

export interface IsolateSeries {
  isolate: string;
  /** The main thread's isolate is the first to collect: a worker thread only exists once the main thread's code runs. */
  thread: 'main' | 'worker';
  samples: MemorySample[];
}

/**
 * The V8 heap in use right after each full collection, one series per isolate: what survives a full GC is live
 * memory, so it shows a JS leak without the noise of where in a GC cycle a sample fell. The isolates must not
 * share a series: the main thread's heap (~34 MB) and the projection thread's (~4 MB) interleaved make a sawtooth
 * whose fitted slope is whatever the order of the last few collections happens to be (+2.97 MB/min once, with
 * the main isolate alone at -0.20).
 */
export const heapAfterFullGc = (events: GcEvent[]): IsolateSeries[] => {
  const byIsolate = new Map<string, MemorySample[]>();
  for (const e of events) {
    const series = byIsolate.get(e.isolate) ?? [];
    if (e.full) series.push({ at: e.at, mb: e.usedAfterMb });
    byIsolate.set(e.isolate, series);
  }
  return [...byIsolate].map(([isolate, samples], i) => ({ isolate, thread: i === 0 ? 'main' : 'worker', samples }));
};

/**
 * RSS less the heap V8 had committed at the time (each isolate's figure at its last GC before the sample, summed):
 * the memory outside the JS heaps (native modules such as SQLite, buffers, code), which V8's heap-sizing heuristics
 * do not move. A worker's clock starts a second or two after the process's; against its few MB that shift is noise.
 */
export const outsideHeap = (rss: MemorySample[], events: GcEvent[]): MemorySample[] => {
  const ordered = [...events].sort((a, b) => a.at - b.at);
  const committed = new Map<string, number>();
  let i = 0;
  return rss.flatMap((sample) => {
    for (; i < ordered.length && ordered[i].at <= sample.at; i++) committed.set(ordered[i].isolate, ordered[i].committedAfterMb);
    if (committed.size === 0) return [];
    return [{ at: sample.at, mb: sample.mb - [...committed.values()].reduce((a, b) => a + b, 0) }];
  });
};
