export interface BackoffSettings {
  initialMs: number;
  maxMs: number;
}

/** Exponential: initial, 2×, 4×, … capped at max. One relay per deployment, so no jitter is needed to spread a herd. */
export const backoffDelay = (failures: number, { initialMs, maxMs }: BackoffSettings): number =>
  Math.min(maxMs, initialMs * 2 ** Math.max(0, Math.min(failures - 1, 30)));

/** A pause that `interrupt` cuts short, so stopping never waits out a long backoff. */
export class InterruptiblePause {
  private wake: (() => void) | null = null;

  wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      timer.unref();
      this.wake = done;
    });
  }

  interrupt(): void {
    this.wake?.();
  }
}
