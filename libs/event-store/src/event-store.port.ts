/**
 * The event-store port. It is an abstract class so that it doubles as the Nest DI token. Its adapters are
 * SQLite (embedded, the default), PostgreSQL and KurrentDB; the SQLite and PostgreSQL ones pass the one
 * contract suite in `testing/event-store.contract.ts` in `npm test`. The KurrentDB adapter is experimental: its
 * contract spec needs a server (KURRENTDB_CONNECTION_STRING) and has not yet run against one; its unit spec
 * runs against an in-memory fake of the client.
 *
 * Numbering: a stream's first event has revision 1, and a stream's revision is the number of events
 * in it (0 = no stream). Global positions are ≥ 1 and strictly increase along the global log, but they are
 * not event counts: PostgreSQL's can have gaps (an append that fails burns its numbers) and KurrentDB's are
 * offsets in its own log. So a difference of two positions is no distance in events; `countEventsAfter` is.
 */
export interface EventMetadata {
  eventId: string;
  commandId: string;
  correlationId: string;
  causationId: string;
  actor: string;
  role: string;
  /** UTC ISO-8601 instant at which the command was accepted. */
  recordedAt: string;
  /** The business date the change took effect, where one applies (partial date allowed). */
  effectiveDate?: string;
  reason?: string;
  [key: string]: unknown;
}

export interface NewEvent {
  /** Unique across the store: appending an id that is already stored fails with DuplicateEventError. */
  eventId: string;
  type: string;
  schemaVersion: number;
  data: Record<string, unknown>;
  metadata: EventMetadata;
}

export interface RecordedEvent extends NewEvent {
  streamId: string;
  revision: number;
  position: number;
}

/** `'no_stream'` = the stream must not exist yet; `'any'` = no check; a number = the current revision. */
export type ExpectedRevision = number | 'no_stream' | 'any';

export interface AppendResult {
  /** The stream's revision after the append. */
  nextRevision: number;
  /** Global position of the last appended event. */
  lastPosition: number;
}

export interface ReadStreamOptions {
  fromRevision?: number;
  /** Inclusive upper bound. */
  toRevision?: number;
}

export interface ReadAllOptions {
  /** Exclusive: events with a position greater than this are returned. 0 = from the beginning. */
  after: number;
  maxCount: number;
}

export interface SubscribeOptions {
  /** Exclusive start, usually the subscriber's checkpoint. */
  after: number;
  batchSize?: number;
}

/** Receives events in global order; the subscription waits for the promise before delivering more. */
export type BatchHandler = (events: RecordedEvent[]) => Promise<void>;

export interface Subscription {
  /** Stops delivery; resolves once any batch in flight has been handled. */
  stop(): Promise<void>;
  /** Resolves when the subscription failed (handler threw): the error it stopped on. */
  readonly failed: Promise<Error>;
}

export abstract class EventStore {
  abstract appendToStream(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult>;
  abstract readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** The stream's current revision, 0 when it does not exist. */
  abstract streamRevision(streamId: string): Promise<number>;
  abstract readAll(options: ReadAllOptions): Promise<RecordedEvent[]>;
  /** The position of the newest event in the store, 0 when empty. */
  abstract headPosition(): Promise<number>;
  /**
   * How many events of the global log come after `after` (exclusive), counting no further than `limit`: the
   * answer is the smaller of that number and `limit`. Every lag is reported with it, so that a lag means events
   * behind on every engine. The limit keeps the answer cheap however far behind a follower is: KurrentDB has no
   * count and reads the events to count them.
   */
  abstract countEventsAfter(after: number, limit: number): Promise<number>;
  /** Catch up from `after`, then follow new events live, in global order, one batch at a time. */
  abstract subscribeToAll(options: SubscribeOptions, handler: BatchHandler): Subscription;
  abstract close(): Promise<void>;
}

/**
 * How many events `/health` counts for a lag (`countEventsAfter`'s limit there). Further behind, a lag reads as
 * this number: at least that many. Enough to watch a stall grow for a long while, little enough that a probe
 * stays cheap on an engine that has to read the events to count them (KurrentDB).
 */
export const LAG_COUNT_LIMIT = 100_000;
