import { Session } from 'node:inspector/promises';
import { readFileSync } from 'node:fs';

/** The parts of a V8 CPU profile (`.cpuprofile`) the tools read. */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

/** The functions that took the most sampled time, as shares of all of it, one line each. */
export const topShares = (profile: CpuProfile, top: number): string[] => {
  const frames = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const byFunction = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const frame = frames.get(id)!;
    const key = `${frame.functionName || '(anonymous)'} ${frame.url.replace(/^.*\/(node_modules|dist|libs|bench)\//, '$1/')}:${frame.lineNumber}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + profile.timeDeltas[i]);
    total += profile.timeDeltas[i];
  });
  return [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top).map(([key, t]) => `${(100 * t / total).toFixed(1).padStart(5)}%  ${key}`);
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
