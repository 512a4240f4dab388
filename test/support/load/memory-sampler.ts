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

  constructor(private readonly pid: number, intervalMs = 1000) {
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
  at: number;
  full: boolean;
  usedAfterMb: number;
  committedAfterMb: number;
}

// `--trace-gc` prints e.g. "[41:0x6f1c000]    30123 ms: Mark-Compact 45.2 (60.1) -> 30.5 (58.3) MB, ...":
// the heap in use (and committed) before -> after, at ms since the process started.
const GC_LINE = /\]\s+(\d+) ms: (Scavenge|Mark-Compact(?: \(reduce\))?|Minor Mark-Compact)\s+[\d.]+ \([\d.]+\) -> ([\d.]+) \(([\d.]+)\) MB/g;

export const gcEvents = (output: string): GcEvent[] => [...output.matchAll(GC_LINE)].map((m) => ({
  at: Number(m[1]) / 1000, full: m[2].startsWith('Mark-Compact'), usedAfterMb: Number(m[3]), committedAfterMb: Number(m[4]),
}));

/**
 * The V8 heap in use right after each full collection: what survives a full GC is live memory, so it shows a
 * JS leak without the noise of where in a GC cycle a sample fell.
 */
export const heapAfterFullGc = (events: GcEvent[]): MemorySample[] =>
  events.filter((e) => e.full).map((e) => ({ at: e.at, mb: e.usedAfterMb }));

/**
 * RSS less the heap V8 had committed at the time (its last GC before the sample): the memory outside the JS
 * heap (native modules such as SQLite, buffers, code), which V8's heap-sizing heuristics do not move.
 */
export const outsideHeap = (rss: MemorySample[], events: GcEvent[]): MemorySample[] => {
  let i = -1;
  return rss.flatMap((sample) => {
    while (i + 1 < events.length && events[i + 1].at <= sample.at) i++;
    return i < 0 ? [] : [{ at: sample.at, mb: sample.mb - events[i].committedAfterMb }];
  });
};
