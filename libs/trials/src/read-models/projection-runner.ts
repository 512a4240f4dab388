import { Logger } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import { EventStore, Subscription } from '@trial-ledger/event-store';
import { LiveProjection, ProjectionHandler, ProjectionRebuilder } from '../application/ports/read-model.port';
import { ProjectionRunner } from '../application/ports/projection-runner.port';

/**
 * Feeds every projection from the global log, each from its own durable checkpoint. A projection that
 * fails stops (it never skips the event it failed on) and is restarted after a pause, from its checkpoint.
 */
export class InProcessProjectionRunner extends ProjectionRunner {
  private readonly logger = new Logger('ProjectionRunner');
  private readonly progress = new EventEmitter();
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly retryTimers = new Set<NodeJS.Timeout>();
  private stopped = true;

  constructor(
    private readonly store: EventStore,
    private readonly handlers: LiveProjection[],
    private readonly retryDelayMs = 1000,
  ) {
    super();
    this.progress.setMaxListeners(0);
  }

  async start(): Promise<void> {
    this.stopped = false;
    await Promise.all(this.handlers.map((h) => this.startOne(h)));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.retryTimers.forEach(clearTimeout);
    this.retryTimers.clear();
    await Promise.all([...this.subscriptions.values()].map((s) => s.stop()));
    this.subscriptions.clear();
  }

  /** Called after each applied batch; read-your-writes waiters listen to it. */
  onProgress(listener: () => void): () => void {
    this.progress.on('progress', listener);
    return () => this.progress.off('progress', listener);
  }

  private async startOne(handler: LiveProjection): Promise<void> {
    const after = await handler.checkpoint();
    // Catching up after downtime comes in batches of this size; a live tail delivers what is new, usually less.
    const subscription = this.store.subscribeToAll({ after, batchSize: 2000 }, async (events) => {
      await handler.handle(events);
      this.progress.emit('progress');
    });
    this.subscriptions.set(handler.name, subscription);
    void subscription.failed.then((error) => this.restartLater(handler, error));
  }

  private restartLater(handler: LiveProjection, error: Error): void {
    this.subscriptions.delete(handler.name);
    if (this.stopped) return;
    this.logger.error(`Projection ${handler.name} stopped: ${error.message}; restarting from its checkpoint`);
    const timer = setTimeout(() => {
      this.retryTimers.delete(timer);
      // Reading the checkpoint can fail too while the read-model database is away: try again later, never crash.
      if (!this.stopped) this.startOne(handler).catch((e: Error) => this.restartLater(handler, e));
    }, this.retryDelayMs);
    timer.unref();
    this.retryTimers.add(timer);
  }
}

export interface RebuildOptions {
  batchSize?: number;
  /**
   * Continue an interrupted rebuild instead of starting over: nothing is dropped, and the replay starts at
   * the lowest projection checkpoint. Each projection skips what it already applied (its checkpoint moves
   * with its changes), so resuming yields the same models as an uninterrupted rebuild.
   */
  resume?: boolean;
  /** How many events a projection may hold in memory before writing them (see ProjectionHandler.rebuilder). */
  flushEvery?: number;
}

/**
 * Rebuilds every read model from the log, in batches; returns the number of events replayed. When `onBatch`
 * throws, the rebuild stops there but first writes all it applied: a deliberate stop loses no work. Any other
 * failure leaves each projection at its last write, as a crash would.
 */
export const rebuildReadModels = async (
  store: EventStore,
  handlers: ProjectionHandler[],
  onBatch: (done: number, head: number) => void = () => undefined,
  // Large batches: fewer reads of the log, and live-path handlers commit once per batch.
  { batchSize = 20_000, resume = false, flushEvery }: RebuildOptions = {},
): Promise<number> => {
  if (!resume) await Promise.all(handlers.map((h) => h.reset()));
  const after = resume ? Math.min(...(await Promise.all(handlers.map((h) => h.checkpoint())))) : 0;
  const rebuilders = handlers.map((h) => h.rebuilder({ flushEvery }));
  try {
    const count = await replay(store, rebuilders, after, batchSize, onBatch);
    for (const rebuilder of rebuilders) await rebuilder.finish();
    return count;
  } catch (error) {
    rebuilders.forEach((r) => r.abandon());
    throw error;
  }
};

const replay = async (
  store: EventStore, rebuilders: ProjectionRebuilder[], from: number, batchSize: number, onBatch: (done: number, head: number) => void,
): Promise<number> => {
  const head = await store.headPosition();
  let [after, count] = [from, 0];
  for (;;) {
    const events = await store.readAll({ after, maxCount: batchSize });
    if (events.length === 0) return count;
    for (const rebuilder of rebuilders) await rebuilder.apply(events);
    after = events[events.length - 1].position;
    count += events.length;
    try {
      onBatch(after, head);
    } catch (stop) {
      for (const rebuilder of rebuilders) await rebuilder.finish();
      throw stop;
    }
  }
};
