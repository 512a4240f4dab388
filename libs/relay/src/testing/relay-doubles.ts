import { NewEvent } from '@trial-ledger/event-store';
import { KafkaRecord } from '../application/kafka-record';
import { EventPublisher, RelayCheckpoint } from '../application/ports';

/**
 * A broker stand-in that keeps what it acknowledged. `outage(n)` makes the next n publishes fail;
 * `partialFailure()` makes the next one deliver half of its records and then fail, as a broker can.
 */
export class InMemoryBroker extends EventPublisher {
  readonly delivered: KafkaRecord[] = [];
  attempts = 0;
  /** Publishes under way now, and the most that ever were at once. */
  inFlight = 0;
  maxInFlight = 0;
  private failuresLeft = 0;
  private partialNext = false;

  /** Each publish takes this long before it is acknowledged, as a broker's round trip does. */
  constructor(private readonly roundTripMs = 0) {
    super();
  }

  outage(publishes: number): void {
    this.failuresLeft = publishes;
  }

  partialFailure(): void {
    this.partialNext = true;
  }

  async publish(records: KafkaRecord[]): Promise<void> {
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if (this.roundTripMs > 0) await new Promise((r) => setTimeout(r, this.roundTripMs));
      this.take(records);
    } finally {
      this.inFlight -= 1;
    }
  }

  private take(records: KafkaRecord[]): void {
    this.attempts += 1;
    if (this.failuresLeft > 0) {
      this.failuresLeft -= 1;
      throw new Error('broker unreachable');
    }
    if (this.partialNext) {
      this.partialNext = false;
      this.delivered.push(...records.slice(0, Math.ceil(records.length / 2)));
      throw new Error('request timed out after a partial write');
    }
    this.delivered.push(...records);
  }

  async close(): Promise<void> {}
}

export class InMemoryCheckpoint extends RelayCheckpoint {
  saved: number[] = [];
  private failNext = false;

  constructor(public position = 0) {
    super();
  }

  async load(): Promise<number> {
    return this.position;
  }

  /** The next save fails, as a full disk or a lost database connection would make it. */
  failNextSave(): void {
    this.failNext = true;
  }

  async save(position: number): Promise<void> {
    if (this.failNext) {
      this.failNext = false;
      throw new Error('checkpoint write failed');
    }
    this.position = position;
    this.saved.push(position);
  }

  async close(): Promise<void> {}
}

let seq = 0;

/** A stored-shape TrialStatusChanged for the given trial, with full metadata. */
export const statusChangedEvent = (nctId: string, overrides: Partial<NewEvent> = {}): NewEvent => {
  seq += 1;
  const eventId = `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`;
  return {
    eventId,
    type: 'TrialStatusChanged',
    schemaVersion: 1,
    data: { nctId, from: 'NOT_YET_RECRUITING', to: 'RECRUITING' },
    metadata: {
      eventId,
      commandId: `cmd-${seq}`,
      correlationId: `corr-${seq}`,
      causationId: `cause-${seq}`,
      actor: 'alice',
      role: 'operator',
      recordedAt: '2025-01-15T10:00:00.000Z',
      effectiveDate: '2025-01-15',
      reason: 'Ethics approval',
    },
    ...overrides,
  };
};

/**
 * Per key, the stream revisions in the order given, repeats (at-least-once) dropped by `ce_id` as a consumer
 * would. In order and gap-free means exactly 1..n for every trial.
 */
export const revisionsPerKey = (records: readonly { key: string; headers: Record<string, string> }[]): Record<string, number[]> => {
  const seen = new Set<string>();
  const byKey: Record<string, number[]> = {};
  for (const r of records) {
    if (seen.has(r.headers.ce_id)) continue;
    seen.add(r.headers.ce_id);
    (byKey[r.key] ??= []).push(Number(r.headers.ce_streamrevision));
  }
  return byKey;
};
