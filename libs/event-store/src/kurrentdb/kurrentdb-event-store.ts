import { randomUUID } from 'node:crypto';
import {
  AllStreamResolvedEvent,
  AppendResult as KurrentAppendResult,
  BACKWARDS,
  END,
  FORWARDS,
  KurrentDBClient,
  RecordedEvent as KurrentRecordedEvent,
  StreamNotFoundError,
  streamNameFilter,
} from '@kurrent/kurrentdb-client';
import {
  AppendResult,
  BatchHandler,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from '../event-store.port';
import { DuplicateEventError, EventStoreUnavailableError, WrongExpectedRevisionError } from '../event-store.errors';
import { SubscriptionItem } from './delivery-batcher';
import { AppendContext, conflictError, toAppendError, toPortError } from './error-mapping';
import { appendIdOf, fromStoredEvent, requireEvent, toEventData, UnreadableEventError } from './event-mapping';
import { KurrentClient } from './kurrent-client';
import { checkpointPosition, eventPosition, readPositionAfter } from './position-mapping';
import { fromKurrentRevision, toKurrentRevision, toStreamRange, toStreamState } from './revision-mapping';
import { CheckpointHandler, CheckpointMarker, markCheckpoint, runSubscription, SubscriptionSource } from './subscription-runner';

/*
 * KurrentDB adapter, EXPERIMENTAL: its contract spec (kurrentdb-event-store.e2e.spec.ts) has not yet run against a
 * server; the unit spec runs it against an in-memory fake of the client (testing/fake-kurrentdb-client.ts), which
 * the compiler holds to the client's signatures (KurrentClient) but which only follows the server's behaviour as
 * far as this design assumes it. Each rule's reasons are in the module named after it.
 * - Revisions (revision-mapping): port n ↔ KurrentDB n − 1; expected 'no_stream' and 0 → NO_STREAM, 'any' → ANY,
 *   k → k − 1; a conflict reports the actual revision mapped back.
 * - Ids (event-id): UUIDs are used as they are, other ids become UUID v5 in our namespace; the original id rides
 *   in the metadata, so RecordedEvent.eventId comes back exactly.
 * - Duplicates: the server deduplicates per stream. A retry finding its ids in place succeeds without writing
 *   (under ANY only as far as the server's cache of recent ids reaches), and the answer alone does not say so.
 *   So each append carries a fresh nonce and reads its first event back: another nonce means nothing was
 *   written now → DuplicateEventError. One extra read per append; exact for retries into the same stream,
 *   concurrent ones included. Not guaranteed: an id already stored in another stream goes unseen (KurrentDB
 *   has no index by event id), so that event is stored twice where the embedded store refuses it.
 * - Positions (position-mapping): event at offset p ({p, p}) → 2p + 1; page-boundary checkpoint {c, 0} → 2c.
 *   Ordered, and every number decodes to a position the server accepts; explicit-transaction events
 *   (shared commit position) are refused.
 * - Metadata (event-mapping): EventMetadata as JSON plus $ledger {eventId, schemaVersion, appendId} and
 *   $correlationId/$causationId for KurrentDB's projections, removed again on reading; data is JSON.
 * - Global log: streams starting with `streamPrefixes`, filtered on the server, for reads, head, counts and
 *   subscriptions.
 * - Counting (countEventsAfter): positions are byte offsets, so their difference is no count of events; the events
 *   after the position are read forward (up to the limit) and counted.
 * - Subscription (subscription-runner, delivery-batcher): batches to the handler one at a time; server
 *   checkpoints go to the optional onCheckpoint, so a checkpoint moves through stretches without our events.
 * - Errors (error-mapping): wrong expected version → WrongExpectedRevisionError; unavailable, deadline,
 *   timeout, not leader → EventStoreUnavailableError.
 */

export interface KurrentDbEventStoreOptions {
  /** Streams the global log is made of. Appends outside them are refused: nobody would ever read them. */
  streamPrefixes?: string[];
  /** Put in front of every stream name on the server; lets test runs share a server without seeing each other. */
  streamNamespace?: string;
  /** The server checkpoints a filtered subscription every `checkpointInterval` × its search window of events. */
  checkpointInterval?: number;
}

export interface KurrentDbSubscribeOptions extends SubscribeOptions {
  /** Checkpoint-only progress through stretches of the log that hold none of our events. */
  onCheckpoint?: CheckpointHandler;
}

export type { KurrentClient } from './kurrent-client';

export class KurrentDbEventStore extends EventStore {
  private readonly subscriptions = new Set<Subscription>();
  private readonly namespace: string;
  private readonly prefixes: string[];
  private readonly serverPrefixes: string[];
  private readonly checkpointInterval: number;
  private closed = false;

  constructor(
    private readonly client: KurrentClient,
    options: KurrentDbEventStoreOptions = {},
  ) {
    super();
    this.namespace = options.streamNamespace ?? '';
    this.prefixes = options.streamPrefixes ?? ['trial-'];
    this.checkpointInterval = options.checkpointInterval ?? 1;
    if (this.prefixes.length === 0) throw new RangeError('At least one stream prefix is needed');
    this.serverPrefixes = this.prefixes.map((prefix) => this.namespace + prefix);
  }

  /** The client connects lazily: a server that cannot be reached shows as EventStoreUnavailableError on first use. */
  static connect(connectionString: string, options?: KurrentDbEventStoreOptions): KurrentDbEventStore {
    // `satisfies`: the real client is held to the same interface as the test fake, signature by signature.
    return new KurrentDbEventStore(KurrentDBClient.connectionString(connectionString) satisfies KurrentClient, options);
  }

  async appendToStream(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    this.assertOpen();
    if (!this.prefixes.some((prefix) => streamId.startsWith(prefix))) {
      throw new RangeError(`Stream ${streamId} is outside the followed prefixes ${this.prefixes.join(', ')}`);
    }
    if (events.length === 0) return this.appendNothing(streamId, expected);
    const appendId = randomUUID();
    const context: AppendContext = { streamId, expected, eventIds: events.map((e) => e.eventId) };
    let result: KurrentAppendResult;
    try {
      const data = events.map((e) => toEventData(e, appendId));
      result = await this.client.appendToStream(this.serverName(streamId), data, { streamState: toStreamState(expected) });
    } catch (error) {
      throw toAppendError(error, context);
    }
    // A connection string may say throwOnAppendFailure=false; a conflict then resolves instead of rejecting.
    if (!result.success) throw conflictError(result.nextExpectedRevision, context);
    return this.confirmWritten(streamId, events, appendId, fromKurrentRevision(result.nextExpectedRevision));
  }

  /** Read from the leader: a follower may not have the append yet, and its absence would look like a duplicate. */
  private async confirmWritten(streamId: string, events: NewEvent[], appendId: string, nextRevision: number): Promise<AppendResult> {
    const range = { fromRevision: toKurrentRevision(nextRevision - events.length + 1), maxCount: events.length };
    const written = await this.readStreamEvents(streamId, { ...range, requiresLeader: true });
    if (written.length === 0 || appendIdOf(written[0]) !== appendId) throw new DuplicateEventError(events[0].eventId);
    const last = written[written.length - 1];
    if (!last.position) throw new UnreadableEventError(last, 'the server sent no position');
    return { nextRevision, lastPosition: eventPosition(last.position) };
  }

  /** The embedded store's answer to an empty append: the expectation is checked, nothing is written. */
  private async appendNothing(streamId: string, expected: ExpectedRevision): Promise<AppendResult> {
    const current = await this.streamRevision(streamId);
    const wanted = expected === 'no_stream' ? 0 : expected;
    if (wanted !== 'any' && wanted !== current) throw new WrongExpectedRevisionError(streamId, wanted, current);
    return { nextRevision: current, lastPosition: 0 };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const range = toStreamRange(options);
    if (range === null) return [];
    return (await this.readStreamEvents(streamId, range)).map((e) => fromStoredEvent(e, streamId));
  }

  async streamRevision(streamId: string): Promise<number> {
    const [last] = await this.readStreamEvents(streamId, { direction: BACKWARDS, fromRevision: END, maxCount: 1 });
    return last ? fromKurrentRevision(last.revision) : 0;
  }

  private async readStreamEvents(streamId: string, options: Parameters<KurrentClient['readStream']>[1]): Promise<KurrentRecordedEvent[]> {
    this.assertOpen();
    try {
      return (await collect(this.client.readStream(this.serverName(streamId), options))).map(requireEvent);
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw toPortError(error);
    }
  }

  async readAll({ after, maxCount }: ReadAllOptions): Promise<RecordedEvent[]> {
    if (maxCount <= 0) return [];
    // The read starts at `after` itself when that is an event, so one more is asked for and that one dropped.
    const events = await this.readAllEvents({ fromPosition: readPositionAfter(after), maxCount: maxCount + 1 });
    return events.filter((e) => e.position > after).slice(0, maxCount);
  }

  async headPosition(): Promise<number> {
    const [last] = await this.readAllEvents({ direction: BACKWARDS, fromPosition: END, maxCount: 1 });
    return last?.position ?? 0;
  }

  /**
   * Reads the events after `after` forward and counts them, keeping none: the server has no count of a filtered
   * $all, and offsets say nothing about how many events lie between them. So the cost grows with the answer,
   * which is why the port bounds it by `limit`.
   */
  async countEventsAfter(after: number, limit: number): Promise<number> {
    if (limit <= 0) return 0;
    this.assertOpen();
    let counted = 0;
    try {
      // One more than the limit, as in readAll: the read may start at the event numbered `after` itself.
      const read: Parameters<KurrentClient['readAll']>[0] = {
        direction: FORWARDS,
        fromPosition: readPositionAfter(after),
        maxCount: limit + 1,
        filter: this.filter(),
      };
      for await (const resolved of this.client.readAll(read)) {
        if (this.toPortEvent(requireEvent(resolved)).position > after) counted += 1;
        if (counted === limit) break;
      }
    } catch (error) {
      throw toPortError(error);
    }
    return counted;
  }

  private async readAllEvents(options: Parameters<KurrentClient['readAll']>[0]): Promise<RecordedEvent[]> {
    this.assertOpen();
    try {
      const resolved = await collect(this.client.readAll({ ...options, filter: this.filter() }));
      return resolved.map((r) => this.toPortEvent(requireEvent(r)));
    } catch (error) {
      throw toPortError(error);
    }
  }

  private filter() {
    return streamNameFilter({ prefixes: this.serverPrefixes });
  }

  subscribeToAll(options: KurrentDbSubscribeOptions, handler: BatchHandler): Subscription {
    const filter = streamNameFilter({
      prefixes: this.serverPrefixes,
      checkpointInterval: this.checkpointInterval,
      checkpointReached: markCheckpoint,
    });
    const source: SubscriptionSource = this.client.subscribeToAll({ fromPosition: readPositionAfter(options.after), filter });
    const run = { after: options.after, batchSize: options.batchSize ?? 500, onCheckpoint: options.onCheckpoint };
    const subscription = runSubscription(source, (raw) => this.toItem(raw), run, handler);
    this.subscriptions.add(subscription);
    void subscription.failed.then(() => this.subscriptions.delete(subscription));
    return subscription;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    await this.client.dispose();
  }

  private toItem(raw: unknown): SubscriptionItem {
    if (raw instanceof CheckpointMarker) return { kind: 'checkpoint', position: checkpointPosition(raw.position) };
    return { kind: 'event', event: this.toPortEvent(requireEvent(raw as AllStreamResolvedEvent)) };
  }

  private toPortEvent(event: KurrentRecordedEvent): RecordedEvent {
    return fromStoredEvent(event, event.streamId.slice(this.namespace.length));
  }

  private serverName(streamId: string): string {
    return this.namespace + streamId;
  }

  private assertOpen(): void {
    if (this.closed) throw new EventStoreUnavailableError('The event store is closed');
  }
}

const collect = async <T>(iterable: AsyncIterable<T>): Promise<T[]> => {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
};
