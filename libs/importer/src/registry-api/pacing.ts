import { setTimeout as delay } from 'node:timers/promises';

/**
 * The time a registry client waits on: its clock, its sleep and the randomness of its jitter. The system's in a
 * run; a test's in a spec, which then checks every wait without sleeping through one.
 */
export abstract class Pacing {
  abstract now(): number;
  /** Rejects with the signal's reason when it aborts first: stopping never waits out a long backoff. */
  abstract sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** A number from 0 (included) to 1 (excluded). */
  abstract random(): number;
}

export class SystemPacing extends Pacing {
  now(): number {
    return Date.now();
  }

  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (ms > 0) await delay(ms, undefined, { signal });
    else signal?.throwIfAborted();
  }

  random(): number {
    return Math.random();
  }
}
