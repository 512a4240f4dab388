import { Logger } from '@nestjs/common';
import { EventStore, RecordedEvent, Subscription } from '@trial-ledger/event-store';
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
 */
export class EventRelay extends RelayStatus {
  private readonly logger = new Logger('KafkaRelay');
  private readonly pause = new InterruptiblePause();
  private subscription: Subscription | null = null;
  private restartTimer: NodeJS.Timeout | null = null;
  private position = 0;
  private state: RelayState = 'standby';
  private failures = 0;
  private lastError: string | null = null;
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
    const draining = this.subscription?.stop() ?? Promise.resolve();
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

  async health(): Promise<ActiveRelayHealth> {
    const head = await this.store.headPosition();
    // A standby instance has no position of its own: the active one's is in the shared checkpoint.
    const position = this.state === 'standby' ? await this.checkpoint.load() : this.position;
    return {
      enabled: true, state: this.state, position, lag: Math.max(0, head - position),
      consecutiveFailures: this.failures, lastError: this.lastError,
    };
  }

  private async subscribe(): Promise<void> {
    this.position = await this.checkpoint.load();
    const subscription = this.store.subscribeToAll(
      { after: this.position, batchSize: this.settings.batchSize },
      (events) => this.relay(events),
    );
    this.subscription = subscription;
    this.state = 'running';
    void subscription.failed.then((error) => this.restartAfter(error));
  }

  private async relay(events: RecordedEvent[]): Promise<void> {
    const records = events.map((e) => toKafkaRecord(e, this.settings.source)).filter((r): r is KafkaRecord => r !== null);
    if (records.length > 0) await this.publishUntilAcknowledged(records);
    const last = events[events.length - 1].position;
    await this.checkpoint.save(last);
    this.position = last;
  }

  private async publishUntilAcknowledged(records: KafkaRecord[]): Promise<void> {
    for (;;) {
      if (this.stopped) throw new RelayStopped();
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
    this.state = state;
    const delay = backoffDelay(this.failures, this.settings.backoff);
    const what = state === 'retrying' ? 'Publishing failed' : `Stopped after position ${this.position}`;
    this.logger.warn(`${what} (${this.lastError}); attempt ${this.failures}, next in ${delay} ms`);
    return delay;
  }

  /** Anything but a publish failure (a checkpoint write, an event it cannot read) restarts from the checkpoint. */
  private restartAfter(error: Error): void {
    this.subscription = null;
    if (this.stopped) return;
    const delay = this.failed('failed', error);
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (!this.stopped) this.subscribe().catch((e: unknown) => this.restartAfter(e instanceof Error ? e : new Error(String(e))));
    }, delay);
    this.restartTimer.unref();
  }
}
