import { ApiProcess } from '../api-process';
import { MemorySample, RssSampler, gcEvents, heapAfterFullGc, outsideHeap } from './memory-sampler';
import { GrowthCheck, growthAfterWarmUp } from './soak-report';

/** The node flag `watchMemory` needs on the child: its GC trace is where the heap figures come from. */
export const TRACE_GC = ['--trace-gc'];

export interface MemoryReport {
  rss: GrowthCheck;
  /** RSS less V8's committed heap: native memory (SQLite, buffers, the allocator's arenas). */
  outsideHeap: GrowthCheck;
  /** Null when too few full collections happened after the warm-up for a figure. */
  heapAfterFullGc: GrowthCheck | null;
  samples: { rssMb: MemorySample[]; outsideHeapMb: MemorySample[]; heapAfterFullGcMb: MemorySample[] };
}

const MIN_FULL_GCS = 6;

/** Samples the child's RSS while `work` runs, then reads its GC trace; figures are taken after `warmUpSeconds`. */
export const watchMemory = async <T>(api: ApiProcess, warmUpSeconds: number, work: () => Promise<T>): Promise<[T, MemoryReport]> => {
  const sampler = new RssSampler(api.pid);
  const result = await work().finally(() => sampler.stop());
  const gc = gcEvents(api.output.join(''));
  const samples = { rssMb: sampler.samples, outsideHeapMb: outsideHeap(sampler.samples, gc), heapAfterFullGcMb: heapAfterFullGc(gc) };
  const enoughGcs = samples.heapAfterFullGcMb.filter((s) => s.at >= warmUpSeconds).length >= MIN_FULL_GCS;
  return [result, {
    rss: growthAfterWarmUp(samples.rssMb, warmUpSeconds),
    outsideHeap: growthAfterWarmUp(samples.outsideHeapMb, warmUpSeconds),
    heapAfterFullGc: enoughGcs ? growthAfterWarmUp(samples.heapAfterFullGcMb, warmUpSeconds) : null,
    samples,
  }];
};
