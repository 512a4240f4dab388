import {
  AllStreamResolvedEvent,
  EventData,
  jsonEvent,
  RecordedEvent as KurrentRecordedEvent,
  ResolvedEvent,
} from '@kurrent/kurrentdb-client';
import { EventMetadata, NewEvent, RecordedEvent } from '../event-store.port';
import { toKurrentEventId } from './event-id';
import { eventPosition } from './position-mapping';
import { fromKurrentRevision } from './revision-mapping';

/*
 * Stored shape: data is the event's data as JSON; metadata is our EventMetadata as JSON plus three keys the
 * adapter owns and removes again on reading:
 *   $ledger         { eventId, schemaVersion, appendId } — the port's own event id (the KurrentDB id may be a
 *                   derived UUID, and the server lower-cases UUIDs), the schema version, and a nonce per append
 *                   call that tells a real write from a deduplicated retry (see the adapter).
 *   $correlationId, $causationId — the names KurrentDB's system projections ($by_correlation_id) look for.
 * Metadata that already uses one of these keys is refused, so that reading gives back exactly what was written.
 */

const LEDGER = '$ledger';
const RESERVED_KEYS = [LEDGER, '$correlationId', '$causationId'];

interface LedgerEnvelope {
  eventId: string;
  schemaVersion: number;
  appendId: string;
}

export class UnreadableEventError extends Error {
  constructor(event: { streamId: string; revision: bigint }, reason: string) {
    super(`Event ${event.streamId}@${event.revision} was not written by this adapter: ${reason}`);
    this.name = 'UnreadableEventError';
  }
}

export const toEventData = (event: NewEvent, appendId: string): EventData => {
  const clash = RESERVED_KEYS.filter((key) => key in event.metadata);
  if (clash.length > 0)
    throw new TypeError(`Event ${event.eventId}: metadata keys ${clash.join(', ')} are reserved by the KurrentDB adapter`);
  const ledger: LedgerEnvelope = { eventId: event.eventId, schemaVersion: event.schemaVersion, appendId };
  const metadata = {
    ...event.metadata,
    $correlationId: event.metadata.correlationId,
    $causationId: event.metadata.causationId,
    [LEDGER]: ledger,
  };
  return jsonEvent({ id: toKurrentEventId(event.eventId), type: event.type, data: event.data, metadata });
};

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);

const isLedger = (value: unknown): value is LedgerEnvelope =>
  isObject(value) && typeof value.eventId === 'string' && Number.isInteger(value.schemaVersion) && typeof value.appendId === 'string';

interface Unpacked {
  data: Record<string, unknown>;
  metadata: EventMetadata;
  ledger: LedgerEnvelope;
}

const unpack = (event: KurrentRecordedEvent): Unpacked => {
  if (!event.isJson || !isObject(event.data)) throw new UnreadableEventError(event, 'its data is not a JSON object');
  if (!isObject(event.metadata) || !isLedger(event.metadata[LEDGER]))
    throw new UnreadableEventError(event, 'its metadata has no ledger envelope');
  // The server's own correlation keys are dropped: the ledger's metadata carries its ids itself.
  const { [LEDGER]: ledger, $correlationId: _correlation, $causationId: _causation, ...metadata } = event.metadata;
  return { data: event.data, metadata: metadata as EventMetadata, ledger: ledger as LedgerEnvelope };
};

/** `streamId` is the port's name for the stream, which differs from the server's under a namespace. */
export const fromStoredEvent = (event: KurrentRecordedEvent, streamId: string): RecordedEvent => {
  const { data, metadata, ledger } = unpack(event);
  if (!event.position) throw new UnreadableEventError(event, 'the server sent no position (KurrentDB before 22.6?)');
  return {
    eventId: ledger.eventId,
    type: event.type,
    schemaVersion: ledger.schemaVersion,
    data,
    metadata,
    streamId,
    revision: fromKurrentRevision(event.revision),
    position: eventPosition(event.position),
  };
};

/** The nonce of the append call that actually wrote the event. */
export const appendIdOf = (event: KurrentRecordedEvent): string => unpack(event).ledger.appendId;

/** Our streams hold no links, so an entry without its event is someone else's doing; refuse rather than skip it. */
export const requireEvent = (resolved: ResolvedEvent | AllStreamResolvedEvent): KurrentRecordedEvent => {
  if (resolved.event === undefined) throw new Error('A link to a missing event was found in a followed stream');
  return resolved.event;
};
