import { Session } from 'node:inspector/promises';
import { readFileSync } from 'node:fs';

/** The parts of a V8 CPU profile (`.cpuprofile`) the tools read. */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

type CallFrame = CpuProfile['nodes'][number]['callFrame'];

const frameKey = (frame: CallFrame): string =>
  `${frame.functionName || '(anonymous)'} ${frame.url.replace(/^.*\/(node_modules|dist|libs|bench)\//, '$1/')}:${frame.lineNumber}`;

/** The functions that took the most sampled time, as shares of all of it, one line each. */
export const topShares = (profile: CpuProfile, top: number): string[] => {
  const frames = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const byFunction = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const key = frameKey(frames.get(id)!);
    byFunction.set(key, (byFunction.get(key) ?? 0) + profile.timeDeltas[i]);
    total += profile.timeDeltas[i];
  });
  return [...byFunction]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([key, t]) => `${((100 * t) / total).toFixed(1).padStart(5)}%  ${key}`);
};

export const readProfile = (file: string): CpuProfile => JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;

/** Runs `work` under this thread's CPU profiler and returns what it returned with the profile. */
export const profiled = async <T>(work: () => Promise<T>): Promise<{ result: T; profile: CpuProfile }> => {
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
    const result = await work();
    const { profile } = await session.post('Profiler.stop');
    return { result, profile: profile as unknown as CpuProfile };
  } finally {
    session.disconnect();
  }
};

interface SamplingNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: SamplingNode[];
}

/**
 * Runs `work` under V8's sampling heap profiler, counting objects the collector has freed too: what it
 * returns is where the bytes were allocated (garbage included), not what is still held.
 */
export const allocationSampled = async <T>(work: () => Promise<T>): Promise<{ result: T; bytes: number; top: (n: number) => string[] }> => {
  const session = new Session();
  session.connect();
  try {
    await session.post('HeapProfiler.enable');
    // Node's typings predate the two flags that keep collected objects in the samples (V8 has them).
    const post = session.post.bind(session) as (method: string, params: object) => Promise<unknown>;
    await post('HeapProfiler.startSampling', {
      samplingInterval: 32_768,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
    const result = await work();
    const { profile } = await session.post('HeapProfiler.stopSampling');
    const byFunction = new Map<string, number>();
    const walk = (node: SamplingNode): void => {
      const key = frameKey(node.callFrame);
      byFunction.set(key, (byFunction.get(key) ?? 0) + node.selfSize);
      node.children.forEach(walk);
    };
    walk(profile.head as unknown as SamplingNode);
    const bytes = [...byFunction.values()].reduce((a, b) => a + b, 0);
    const top = (n: number) =>
      [...byFunction]
        .sort((a, b) => b[1] - a[1])
        .slice(0, n)
        .map(([key, size]) => `${((100 * size) / bytes).toFixed(1).padStart(5)}%  ${key}`);
    return { result, bytes, top };
  } finally {
    session.disconnect();
  }
};
