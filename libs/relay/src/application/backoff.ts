export type { BackoffSettings } from '@trial-ledger/platform';
export { backoffDelay } from '@trial-ledger/platform';

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
