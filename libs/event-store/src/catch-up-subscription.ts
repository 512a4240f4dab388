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
  source: CatchUpSource,
  after: number,
  batchSize: number,
  handler: BatchHandler,
  pollMs = 500,
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
  const idle = () =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        wake = null;
        resolve();
      }, pollMs);
      timer.unref();
      wake = () => {
        clearTimeout(timer);
        wake = null;
        resolve();
      };
    });
  const read = () => {
    appendedSinceRead = false;
    const batch = source.readAll({ after: position, maxCount: batchSize });
    // Read ahead, a batch may be dropped unawaited when the handler fails first: never an unhandled rejection.
    batch.catch(() => undefined);
    return batch;
  };
  const loop = (async () => {
    let ahead: Promise<RecordedEvent[]> | null = null;
    while (!stopped) {
      const events = await (ahead ?? read());
      ahead = null;
      if (stopped) return;
      // An append announced while this read ran may be missing from what it found: read again rather than idle.
      if (events.length === 0) {
        if (!appendedSinceRead) await idle();
        continue;
      }
      const handled = handler(events);
      position = events[events.length - 1].position;
      // A full batch means more is waiting: read it while the batch is applied (in another thread, or while
      // the handler waits on I/O), so catching up overlaps reading with applying.
      if (events.length === batchSize) ahead = read();
      await handled;
      // An embedded store reads and a SQLite handler writes without ever leaving the microtask queue, so a
      // catch-up of a million events would hold off HTTP, timers and SIGTERM until done: yield between batches.
      await new Promise<void>((resolve) => setImmediate(resolve));
      // Live, each append is one short batch; reading again would only find nothing, once per append.
      if (events.length < batchSize && !appendedSinceRead && !stopped) await idle();
    }
  })()
    .catch((error: unknown) => {
      stopped = true;
      failWith(error instanceof Error ? error : new Error(String(error)));
    })
    .finally(unsubscribe);
  return {
    failed,
    stop: async () => {
      stopped = true;
      wake?.();
      await loop;
    },
  };
};
