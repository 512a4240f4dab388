import { Position } from '@kurrent/kurrentdb-client';
import { BatchHandler, Subscription } from '../event-store.port';
import { EventStoreUnavailableError } from '../event-store.errors';
import { Delivery, DeliveryBatcher, SubscriptionItem } from './delivery-batcher';
import { toPortError } from './error-mapping';

/** Receives checkpoint-only progress: everything up to `position` was considered and none of it was for us. */
export type CheckpointHandler = (position: number) => Promise<void>;

/** The parts of the client's $all subscription (a Node Readable in object mode) the runner relies on. */
export interface SubscriptionSource extends AsyncIterable<unknown> {
  readonly readableLength: number;
  push(chunk: unknown): boolean;
  unsubscribe(): Promise<void>;
  destroy(): unknown;
}

export class CheckpointMarker {
  constructor(readonly position: Position) {}
}

/**
 * The client reports checkpoints through a callback while the events it decoded before may still wait in the
 * subscription's buffer. Pushing the checkpoint into that same buffer keeps it behind them; handing it over
 * directly could record progress past events not yet handled. The client awaits this callback before it
 * decodes anything further, so nothing can overtake the marker either.
 */
export const markCheckpoint = (source: Pick<SubscriptionSource, 'push'>, position: Position): void => {
  source.push(new CheckpointMarker(position));
};

export interface RunOptions {
  after: number;
  batchSize: number;
  onCheckpoint?: CheckpointHandler;
}

/**
 * Feeds a client subscription to the port's handler one delivery at a time, awaiting each. A handler failure,
 * an unreadable event, a dropped connection or the server ending the subscription stops it and resolves
 * `failed`; the port's subscribers restart from their own checkpoint then.
 */
export const runSubscription = (
  source: SubscriptionSource,
  toItem: (raw: unknown) => SubscriptionItem,
  options: RunOptions,
  handler: BatchHandler,
): Subscription => new SubscriptionRun(source, toItem, options, handler);

class SubscriptionRun implements Subscription {
  readonly failed: Promise<Error>;
  private failWith: (error: Error) => void = () => undefined;
  private stopped = false;
  private closing: Promise<void> | undefined;
  private readonly loop: Promise<void>;

  constructor(
    private readonly source: SubscriptionSource,
    private readonly toItem: (raw: unknown) => SubscriptionItem,
    private readonly options: RunOptions,
    private readonly handler: BatchHandler,
  ) {
    this.failed = new Promise<Error>((resolve) => (this.failWith = resolve));
    this.loop = this.pump()
      .catch((error: unknown) => this.fail(error))
      .finally(() => this.close());
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.close();
    await this.loop;
  }

  private async pump(): Promise<void> {
    const batcher = new DeliveryBatcher(this.options.after, this.options.batchSize);
    for await (const raw of this.source) {
      if (this.stopped) return;
      batcher.offer(this.toItem(raw));
      if (batcher.isFull || this.source.readableLength === 0) await this.deliver(batcher.take());
    }
    if (!this.stopped) throw new EventStoreUnavailableError('KurrentDB ended the subscription');
  }

  private async deliver(deliveries: Delivery[]): Promise<void> {
    for (const delivery of deliveries) {
      if (this.stopped) return;
      if (delivery.kind === 'events') await this.handler(delivery.events);
      else await this.options.onCheckpoint?.(delivery.position);
    }
  }

  /** Errors after stop() are the teardown's own (the iteration ends early) and mean nothing to the subscriber. */
  private fail(error: unknown): void {
    if (this.stopped) return;
    this.stopped = true;
    this.failWith(toPortError(error));
  }

  /** Cancelling the call is what stops the server; destroying ends the iteration the pump may be waiting in. */
  private close(): Promise<void> {
    this.closing ??= (async () => {
      try {
        await this.source.unsubscribe();
      } catch {
        // A subscription that never reached the server has nothing to cancel.
      }
      this.source.destroy();
    })();
    return this.closing;
  }
}
