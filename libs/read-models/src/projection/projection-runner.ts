import { Logger } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import { EventStore, Subscription } from '@trial-ledger/event-store';
import { EventApplyError } from '@trial-ledger/ledger';
import { BackoffSettings, backoffDelay } from '@trial-ledger/platform';
import { LiveProjection } from '../ports/read-model.port';
import { ProjectionFault, ProjectionRunner } from '../ports/projection-runner.port';
import { SkippedEvents } from '../ports/skipped-events.port';
import { withoutSkipped } from './skipped';

export interface ProjectionRunnerOptions {
  /** The wait before restarting a failed projection: doubling from `initialMs` up to `maxMs`. */
  retry?: BackoffSettings;
  /** Events an operator skipped on the record; read again at each restart. */
  skipped?: SkippedEvents;
}

export const DEFAULT_PROJECTION_RETRY: BackoffSettings = { initialMs: 1000, maxMs: 60_000 };

const describe = (error: Error): string =>
  error instanceof EventApplyError
    ? `at position ${error.event.position} (${error.event.type}, stream ${error.event.streamId}): ${error.reason}`
    : error.message;

/**
 * Feeds every projection from the global log, each from its own durable checkpoint. A projection that fails
 * stops (it never skips the event it failed on by itself) and restarts from its checkpoint after a wait that
 * doubles with each failure in a row; `faults` reports it meanwhile, so that readiness and the logs name the
 * event until the code is fixed or an operator skips it on the record.
 */
export class InProcessProjectionRunner extends ProjectionRunner {
  private readonly logger = new Logger('ProjectionRunner');
  private readonly progress = new EventEmitter();
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly retryTimers = new Set<NodeJS.Timeout>();
  private readonly failing = new Map<string, ProjectionFault>();
  private readonly retry: BackoffSettings;
  private stopped = true;

  constructor(
    private readonly store: EventStore,
    private readonly handlers: LiveProjection[],
    private readonly options: ProjectionRunnerOptions = {},
  ) {
    super();
    this.retry = options.retry ?? DEFAULT_PROJECTION_RETRY;
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
    this.failing.clear();
  }

  /** Called after each applied batch; read-your-writes waiters listen to it. */
  onProgress(listener: () => void): () => void {
    this.progress.on('progress', listener);
    return () => this.progress.off('progress', listener);
  }

  faults(): ProjectionFault[] {
    return [...this.failing.values()];
  }

  private async startOne(handler: LiveProjection): Promise<void> {
    const after = await handler.checkpoint();
    const skipped = (await this.options.skipped?.positions()) ?? new Set<number>();
    // Catching up after downtime comes in batches of this size; a live tail delivers what is new, usually less.
    const subscription = this.store.subscribeToAll({ after, batchSize: 2000 }, async (events) => {
      await handler.handle(withoutSkipped(events, skipped));
      this.recovered(handler.name);
      this.progress.emit('progress');
    });
    this.subscriptions.set(handler.name, subscription);
    void subscription.failed.then((error) => this.restartLater(handler, error));
    // A fault that named no event (the database was away) is over once the checkpoint reads and the feed runs
    // again; an idle log sends no batch to say so. A fault on an event stays until that event applies.
    if (this.failing.get(handler.name)?.event === null) this.recovered(handler.name);
  }

  private recovered(name: string): void {
    const fault = this.failing.get(name);
    if (!fault) return;
    this.failing.delete(name);
    this.logger.log(`Projection ${name} applies events again after ${fault.attempts} failed attempt(s)`);
  }

  private restartLater(handler: LiveProjection, error: Error): void {
    this.subscriptions.delete(handler.name);
    if (this.stopped) return;
    const fault = this.recordFault(handler.name, error);
    // One line per attempt, and attempts back off: a poison event no longer floods the log every second.
    this.logger.error(
      `Projection ${fault.projection} stopped ${describe(error)}; attempt ${fault.attempts}, ` +
        `restarting from its checkpoint in ${fault.retryInMs} ms`,
    );
    const timer = setTimeout(() => {
      this.retryTimers.delete(timer);
      // Reading the checkpoint can fail too while the read-model database is away: try again later, never crash.
      if (!this.stopped) this.startOne(handler).catch((e: Error) => this.restartLater(handler, e));
    }, fault.retryInMs);
    timer.unref();
    this.retryTimers.add(timer);
  }

  private recordFault(name: string, error: Error): ProjectionFault {
    const previous = this.failing.get(name);
    const attempts = (previous?.attempts ?? 0) + 1;
    const fault: ProjectionFault = {
      projection: name,
      event: error instanceof EventApplyError ? error.event : null,
      error: error instanceof EventApplyError ? error.reason : error.message,
      attempts,
      since: previous?.since ?? new Date().toISOString(),
      retryInMs: backoffDelay(attempts, this.retry),
    };
    this.failing.set(name, fault);
    return fault;
  }
}
