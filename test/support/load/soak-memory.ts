import { resolve } from 'node:path';
import { ApiProcess } from '../api-process';
import {
  GcEvent,
  IsolateSeries,
  MemorySample,
  RssSampler,
  gcEvents,
  heapAfterFullGc,
  outsideHeap,
  processAgeSeconds,
} from './memory-sampler';
import { GrowthCheck, growthAfterWarmUp } from './soak-report';
import { SteadyLoadRun } from './steady-load';

/**
 * The node flags `watchMemory` needs on the child: its GC trace is where the heap figures come from, and gc-pulse.js
 * makes every isolate collect fully twice a second so that the trace has a live-heap figure that often.
 */
export const SOAK_NODE_ARGS = ['--trace-gc', '--expose-gc', '-r', resolve(__dirname, 'gc-pulse.js')];

/** A deliberate leak in the child (leak.js, test code), in the threads named, at a known rate. */
export interface Leak {
  threads: ('main' | 'worker')[];
  mbPerMinute: number;
}

export const leakArgs = (leak: Leak): { nodeArgs: string[]; env: Record<string, string> } => ({
  nodeArgs: [...SOAK_NODE_ARGS, '-r', resolve(__dirname, 'leak.js')],
  env: { LEAK_THREADS: leak.threads.join(','), LEAK_MB_PER_MINUTE: String(leak.mbPerMinute) },
});

export interface IsolateHeap {
  isolate: string;
  thread: 'main' | 'worker';
  /** Full collections after the warm-up, on which `heap` is computed. */
  fullGcs: number;
  /** Null when too few full collections happened after the warm-up for a figure. */
  heap: GrowthCheck | null;
}

export interface MemoryReport {
  /** When the warm-up ended: seconds since the process started, and commands acknowledged by then. */
  warmUp: { seconds: number; commands: number };
  rss: GrowthCheck;
  /** RSS less V8's committed heaps: native memory (SQLite, buffers, the allocator's arenas). */
  outsideHeap: GrowthCheck;
  /** V8's heap right after each full GC, judged per isolate: the main thread's and each worker thread's. */
  isolates: IsolateHeap[];
  samples: { rssMb: MemorySample[]; outsideHeapMb: MemorySample[]; heapAfterFullGcMb: Record<string, MemorySample[]> };
}

// gc-pulse.js collects twice a second: a window of at least 10 s has 20 figures; fewer means the pulse did not run.
const MIN_FULL_GCS = 20;

/** Each isolate's live heap after its own warm-up (on its own clock: a worker's starts when the thread does). */
const isolateHeap = (series: IsolateSeries, warmUpSeconds: number): IsolateHeap => {
  const fullGcs = series.samples.filter((s) => s.at >= warmUpSeconds).length;
  return {
    isolate: series.isolate,
    thread: series.thread,
    fullGcs,
    heap: fullGcs >= MIN_FULL_GCS ? growthAfterWarmUp(series.samples, warmUpSeconds) : null,
  };
};

export interface SoakPlan {
  /** The warm-up ends once the API has acknowledged this many commands and `warmUpSeconds` have passed… */
  warmUpCommands: number;
  warmUpSeconds: number;
  /** …or at this, however few commands it took: a machine too slow for the warm-up still gets a judged run. */
  warmUpCapSeconds: number;
  /** The load goes on this long after the warm-up: the window the memory is judged on. */
  measureSeconds: number;
}

/**
 * The soak's two phases, as `runSteadyLoad`'s `done`. The warm-up counts commands, not only seconds, because what
 * grows in it is V8 compiling the code the requests run, however long they take to come on a busy machine: the main
 * isolate's live heap grew +1.5 MB/min between the 500th and the 1,600th command, +0.3 after the 3,000th, and two
 * heap snapshots 70 s apart in that phase differ by 0.63 MB of compiled code out of 0.74 MB.
 */
export class SoakPhases {
  private readonly started = Date.now();
  private warm: { atMs: number; processAgeSeconds: number; commands: number } | null = null;

  constructor(
    private readonly pid: number,
    readonly plan: SoakPlan,
  ) {}

  readonly done = (run: SteadyLoadRun): boolean => {
    const now = Date.now();
    const commands = run.log.commands.length;
    if (this.warm === null) {
      const elapsed = (now - this.started) / 1000;
      const warmedUp = commands >= this.plan.warmUpCommands && elapsed >= this.plan.warmUpSeconds;
      if (!warmedUp && elapsed < this.plan.warmUpCapSeconds) return false;
      this.warm = { atMs: now, processAgeSeconds: processAgeSeconds(this.pid), commands };
    }
    return now - this.warm.atMs >= this.plan.measureSeconds * 1000;
  };

  /** When the warm-up ended, in seconds since the API's process started (the clock of its memory samples). */
  get warmUp(): { seconds: number; commands: number } {
    if (this.warm === null) throw new Error('The soak has not warmed up yet');
    return { seconds: Number(this.warm.processAgeSeconds.toFixed(1)), commands: this.warm.commands };
  }
}

/** The figures of a run from its RSS samples and GC trace, taken after the warm-up (`seconds` since the process started). */
export const memoryReport = (rss: MemorySample[], gc: GcEvent[], warmUp: MemoryReport['warmUp']): MemoryReport => {
  const series = heapAfterFullGc(gc);
  const outside = outsideHeap(rss, gc);
  return {
    warmUp,
    rss: growthAfterWarmUp(rss, warmUp.seconds),
    outsideHeap: growthAfterWarmUp(outside, warmUp.seconds),
    isolates: series.map((s) => isolateHeap(s, warmUp.seconds)),
    samples: {
      rssMb: rss,
      outsideHeapMb: outside,
      heapAfterFullGcMb: Object.fromEntries(series.map((s) => [`${s.thread} ${s.isolate}`, s.samples])),
    },
  };
};

/** Samples the child's RSS while `work` runs, then reads its GC trace; figures are taken after the warm-up `phases` saw. */
export const watchMemory = async <T>(api: ApiProcess, phases: SoakPhases, work: () => Promise<T>): Promise<[T, MemoryReport]> => {
  const sampler = new RssSampler(api.pid);
  const result = await work().finally(() => sampler.stop());
  return [result, memoryReport(sampler.samples, gcEvents(api.output.join('')), phases.warmUp)];
};

export interface MemoryLimits {
  /** The live heap's least-squares slope after the warm-up, in each isolate. */
  heapSlopeMbPerMinute: number;
  /** Growth of the high-water mark of the memory outside the heaps, last third against first. */
  outsideHeapGrowthMb: number;
}

/**
 * What the memory figures say is wrong, one line per finding; none when the run did not grow. The soak asserts there
 * are none, and that its leaking twin has one per leaking isolate: the same judgement on both.
 */
export const memoryFindings = (memory: MemoryReport, limits: MemoryLimits): string[] => {
  const findings: string[] = [];
  // The API runs its projections in a worker thread: a run that saw fewer isolates did not watch them all.
  if (memory.isolates.length < 2)
    findings.push(`saw ${memory.isolates.length} isolate(s) collect; expected the main thread's and the projection thread's`);
  for (const { isolate, thread, fullGcs, heap } of memory.isolates) {
    const name = `${thread} isolate ${isolate}`;
    if (heap === null) findings.push(`${name}: ${fullGcs} full GCs after the warm-up, too few for a slope (${MIN_FULL_GCS} needed)`);
    else if (heap.slopeMbPerMinute > limits.heapSlopeMbPerMinute) {
      findings.push(
        `${name}: live heap grows ${heap.slopeMbPerMinute} MB/min (limit ${limits.heapSlopeMbPerMinute}), ${heap.firstThirdMaxMb} → ${heap.lastThirdMaxMb} MB`,
      );
    }
  }
  if (memory.outsideHeap.growthMb > limits.outsideHeapGrowthMb) {
    findings.push(`outside the heap: +${memory.outsideHeap.growthMb} MB between the thirds (limit ${limits.outsideHeapGrowthMb})`);
  }
  return findings;
};
