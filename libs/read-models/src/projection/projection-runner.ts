import { Logger } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import { EventStore, Subscription } from '@trial-ledger/event-store';
import { LiveProjection } from '../ports/read-model.port';
import { ProjectionRunner } from '../ports/projection-runner.port';

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
