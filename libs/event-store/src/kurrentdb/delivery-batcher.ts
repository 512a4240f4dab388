import { RecordedEvent } from '../event-store.port';

/** What a subscription yields: one of our events, or the server's word that it considered everything up to a position. */
export type SubscriptionItem = { kind: 'event'; event: RecordedEvent } | { kind: 'checkpoint'; position: number };

export type Delivery = { kind: 'events'; events: RecordedEvent[] } | { kind: 'checkpoint'; position: number };

/**
 * Gathers subscription items into deliveries for the port's handler. The caller takes a delivery when the
 * batcher is full or nothing more is waiting, so catch-up arrives in full batches and live appends at once.
 *
 * Checkpoints are coalesced to the newest and handed out after the events gathered with them, and only when
 * beyond the last event: a checkpoint handed out ahead of an event it covers would let a subscriber record
 * progress past an event it has not handled, and one behind the last event says nothing new.
 */
export class DeliveryBatcher {
  private events: RecordedEvent[] = [];
  private checkpoint = 0;
  private offered = 0;
  private reached: number;

  constructor(
    after: number,
    private readonly batchSize: number,
  ) {
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`Invalid batch size: ${batchSize}`);
    this.reached = after;
  }

  offer(item: SubscriptionItem): void {
    this.offered += 1;
    if (item.kind === 'checkpoint') {
      this.checkpoint = Math.max(this.checkpoint, item.position);
      return;
    }
    // The server starts after `after` and only moves forward; this guards the exactly-once promise regardless.
    const last = this.events.length > 0 ? this.events[this.events.length - 1].position : this.reached;
    if (item.event.position > last) this.events.push(item.event);
  }

  /** Counts checkpoints too, so a long filtered-out stretch still reports progress every batchSize items. */
  get isFull(): boolean {
    return this.offered >= this.batchSize;
  }

  take(): Delivery[] {
    const deliveries: Delivery[] = [];
    if (this.events.length > 0) {
      deliveries.push({ kind: 'events', events: this.events });
      this.reached = this.events[this.events.length - 1].position;
    }
    if (this.checkpoint > this.reached) {
      deliveries.push({ kind: 'checkpoint', position: this.checkpoint });
      this.reached = this.checkpoint;
    }
    this.events = [];
    this.checkpoint = 0;
    this.offered = 0;
    return deliveries;
  }
}
