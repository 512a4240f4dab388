import { BatchHandler, RecordedEvent, Subscription } from './event-store.port';

export interface CatchUpSource {
  readAll(options: { after: number; maxCount: number }): Promise<RecordedEvent[]>;
  /** Registers a wake-up for in-process appends; returns the unregister function. */
  onAppended(listener: () => void): () => void;
}

/**
 * Catch up from `after`, then follow live. In-process appends wake it at once; a slow poll also picks up
 * appends made by another OS process (the CLI) to the same store. One batch at a time, in global order.
 */
export const catchUpSubscription = (
  source: CatchUpSource, after: number, batchSize: number, handler: BatchHandler, pollMs = 500,
): Subscription => {
  let position = after;
  let stopped = false;
  let wake: (() => void) | null = null;
  let failWith: (error: Error) => void = () => undefined;
  const failed = new Promise<Error>((resolve) => (failWith = resolve));
  // Whether anything was appended since the last read began: a short batch was the head as of that read.
  let appendedSinceRead = true;
  const unsubscribe = source.onAppended(() => {
    appendedSinceRead = true;
    wake?.();
  });
  const idle = () => new Promise<void>((resolve) => {
    const timer = setTimeout(() => { wake = null; resolve(); }, pollMs);
    timer.unref();
    wake = () => { clearTimeout(timer); wake = null; resolve(); };
  });
  const loop = (async () => {
    while (!stopped) {
      appendedSinceRead = false;
      const events = await source.readAll({ after: position, maxCount: batchSize });
      if (stopped) return;
      if (events.length === 0) { await idle(); continue; }
      await handler(events);
      position = events[events.length - 1].position;
      // An embedded store reads and a SQLite handler writes without ever leaving the microtask queue, so a
      // catch-up of a million events would hold off HTTP, timers and SIGTERM until done: yield between batches.
      await new Promise<void>((resolve) => setImmediate(resolve));
      // Live, each append is one short batch; reading again would only find nothing, once per append.
      if (events.length < batchSize && !appendedSinceRead && !stopped) await idle();
    }
  })().catch((error: unknown) => {
    stopped = true;
    failWith(error instanceof Error ? error : new Error(String(error)));
  }).finally(unsubscribe);
  return {
    failed,
    stop: async () => {
      stopped = true;
      wake?.();
      await loop;
    },
  };
};
