import { Logger } from '@nestjs/common';
import { EventStore, LAG_COUNT_LIMIT, RecordedEvent, Subscription } from '@trial-ledger/event-store';
import { EventApplyError, FaultyEvent, applying } from '@trial-ledger/ledger';
import { BackoffSettings, InterruptiblePause, backoffDelay } from './backoff';
import { KafkaRecord, toKafkaRecord } from './kafka-record';
import { ActiveRelayHealth, EventPublisher, RelayCheckpoint, RelayState, RelayStatus } from './ports';

export interface RelaySettings {
  source: string;
  batchSize: number;
  backoff: BackoffSettings;
  /** How long `stop` lets a batch in flight finish before it closes the publisher under it. */
  stopGraceMs?: number;
}

class RelayStopped extends Error {}

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Follows the global log from its own checkpoint and publishes each batch, retrying with backoff until the
 * broker acknowledges it; only then does the checkpoint move. So a broker outage delays delivery but never
 * loses an event, and a crash between acknowledgement and checkpoint re-sends a batch (at-least-once; the
 * `ce_id` header lets a consumer drop the repeat). One batch at a time keeps each trial's events in order.
 *
 * A batch's delivery (publish, then checkpoint) runs while the subscription reads and maps the next batch,
 * so the store read overlaps the broker's round trip instead of adding to it. The next publish still starts
 * only once the previous batch is acknowledged and checkpointed, and a failed delivery stops everything
 * after it: the restart resumes from the checkpoint.
 */
export class EventRelay extends RelayStatus {
  private readonly logger = new Logger('KafkaRelay');
  private readonly pause = new InterruptiblePause();
  private subscription: Subscription | null = null;
  /** The batch being published and checkpointed; settles before the next one starts. */
  private delivery: Promise<void> = Promise.resolve();
  private restartTimer: NodeJS.Timeout | null = null;
  private position = 0;
  private state: RelayState = 'standby';
  private failures = 0;
  private lastError: string | null = null;
  /** The event the relay stopped on because it cannot map it, until a batch past it is delivered. */
  private failedEvent: FaultyEvent | null = null;
  private stopped = true;

  constructor(
    private readonly store: EventStore,
    private readonly publisher: EventPublisher,
    private readonly checkpoint: RelayCheckpoint,
    private readonly settings: RelaySettings,
  ) {
    super();
  }

  async start(): Promise<void> {
    this.stopped = false;
    await this.subscribe();
  }

  /** Stops relaying (shutdown, or leadership lost); `start` may follow again. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.pause.interrupt();
    if (this.restartTimer) clearTimeout(this.restartTimer);
    const draining = Promise.all([this.subscription?.stop(), this.delivery.catch(() => undefined)]);
    await Promise.race([draining, new Promise((r) => setTimeout(r, this.settings.stopGraceMs ?? 5000).unref())]);
    await this.publisher.close();
    await draining;
    this.state = 'standby';
  }

  /** Stops for good and releases the checkpoint store. */
  async dispose(): Promise<void> {
    await this.stop();
    await this.checkpoint.close();
  }

  async health(lagCountLimit = LAG_COUNT_LIMIT): Promise<ActiveRelayHealth> {
    // A standby instance has no position of its own: the active one's is in the shared checkpoint.
    const position = this.state === 'standby' ? await this.checkpoint.load() : this.position;
    // Counted after the position is read, so it is the lag of the position reported (the runtime's
    // read-model-lag.ts explains the order), and in events on every engine, which positions are not.
    const lag = await this.store.countEventsAfter(position, lagCountLimit);
    return {
      enabled: true,
      state: this.state,
      position,
      lag,
      consecutiveFailures: this.failures,
      lastError: this.lastError,
      failedEvent: this.failedEvent,
    };
  }

  private async subscribe(): Promise<void> {
    // A delivery left over from before a restart must finish first, or its batch would be published twice at once.
    await this.delivery.catch(() => undefined);
    this.delivery = Promise.resolve();
    this.position = await this.checkpoint.load();
    const subscription = this.store.subscribeToAll({ after: this.position, batchSize: this.settings.batchSize }, (events) =>
      this.relay(events, subscription),
    );
    this.subscription = subscription;
    this.state = 'running';
    void subscription.failed.then((error) => this.restartAfter(subscription, error));
  }

  /** Maps the batch, waits for the one before it to be delivered, then starts delivering this one. */
  private async relay(events: RecordedEvent[], subscription: Subscription): Promise<void> {
    const records = events
      .map((e) => applying(e, () => toKafkaRecord(e, this.settings.source)))
      .filter((r): r is KafkaRecord => r !== null);
    // Rethrows the previous batch's failure, so this batch is never published past an unacknowledged one.
    await this.delivery;
    // `stop` drains the delivery it saw; one started after it would outlive the drain.
    if (this.stopped) throw new RelayStopped();
    const delivering = this.deliver(records, events[events.length - 1].position);
    this.delivery = delivering;
    // With no batch after it to rethrow the failure (the log is caught up), the restart starts here.
    delivering.catch((error: unknown) => this.restartAfter(subscription, error instanceof Error ? error : new Error(String(error))));
    // The client encodes and writes the request over a few promise steps; letting them run first means the
    // next batch is read while this one is on the wire, not before it leaves.
    await new Promise((resolve) => setImmediate(resolve));
  }

  private async deliver(records: KafkaRecord[], last: number): Promise<void> {
    if (records.length > 0) await this.publishUntilAcknowledged(records);
    await this.checkpoint.save(last);
    this.position = last;
    if (this.failedEvent !== null && last >= this.failedEvent.position) this.failedEvent = null;
  }

  private async publishUntilAcknowledged(records: KafkaRecord[]): Promise<void> {
    for (;;) {
      if (this.stopped) throw new RelayStopped();
      // Outside the retry: a term that is over ends this relay's turn instead of being retried like a broker fault.
      await this.checkpoint.confirmTerm();
      try {
        await this.publisher.publish(records);
        this.recovered();
        return;
      } catch (error) {
        if (this.stopped) throw new RelayStopped();
        await this.pause.wait(this.failed('retrying', error));
      }
    }
  }

  private recovered(): void {
    if (this.failures > 0) this.logger.log(`Kafka acknowledged again after ${this.failures} failed attempt(s)`);
    this.failures = 0;
    this.lastError = null;
    this.state = 'running';
  }

  /** Records a failure and returns how long to wait before the next attempt. */
  private failed(state: RelayState, error: unknown): number {
    this.failures += 1;
    this.lastError = describe(error);
    if (error instanceof EventApplyError) this.failedEvent = error.event;
    this.state = state;
    const delay = backoffDelay(this.failures, this.settings.backoff);
    const what = state === 'retrying' ? 'Publishing failed' : `Stopped after position ${this.position}`;
    this.logger.warn(`${what} (${this.lastError}); attempt ${this.failures}, next in ${delay} ms`);
    return delay;
  }

  /** Anything but a publish failure (a checkpoint write, an event it cannot read) restarts from the checkpoint. */
  private restartAfter(failed: Subscription | null, error: Error): void {
    // A failed delivery can be reported twice (its own rejection, the next batch's rethrow): restart once.
    if (this.subscription !== failed) return;
    this.subscription = null;
    void failed?.stop();
    if (this.stopped) return;
    const delay = this.failed('failed', error);
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (!this.stopped) this.subscribe().catch((e: unknown) => this.restartAfter(null, e instanceof Error ? e : new Error(String(e))));
    }, delay);
    this.restartTimer.unref();
  }
}
