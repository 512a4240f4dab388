import { RecordedEvent } from '@trial-ledger/event-store';
import { TRIAL_EVENT_SCHEMA_VERSIONS } from '@trial-ledger/domain';
import { nctIdOfStream, toTrialEvent } from '@trial-ledger/ledger';

/** What the relay hands to the broker: bytes-ready strings, so the mapping stays pure and testable. */
export interface KafkaRecord {
  key: string;
  value: string;
  headers: Record<string, string>;
}

/**
 * CloudEvents 1.0, Kafka protocol binding, binary content mode: the event's payload is the record value and
 * every context attribute travels as a `ce_` header. Extension names are lowercase alphanumerics, as the
 * spec requires, so every CloudEvents SDK accepts them.
 */
export const CE_HEADERS = {
  specversion: 'ce_specversion',
  id: 'ce_id',
  type: 'ce_type',
  source: 'ce_source',
  subject: 'ce_subject',
  time: 'ce_time',
  streamrevision: 'ce_streamrevision',
  globalposition: 'ce_globalposition',
  schemaversion: 'ce_schemaversion',
  correlationid: 'ce_correlationid',
  causationid: 'ce_causationid',
  // The CloudEvents Distributed Tracing extension: the W3C trace context of the command that recorded the event.
  traceparent: 'ce_traceparent',
  tracestate: 'ce_tracestate',
} as const;

export const RECORD_CONTENT_TYPE = 'application/json';

/** Only what the executor stored from a W3C propagator goes on the wire; anything else in a stored event is left out. */
const TRACEPARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

const traceHeaders = (metadata: RecordedEvent['metadata']): Record<string, string> => {
  const { traceparent, tracestate } = metadata;
  if (typeof traceparent !== 'string' || !TRACEPARENT.test(traceparent)) return {};
  return {
    [CE_HEADERS.traceparent]: traceparent,
    ...(typeof tracestate === 'string' && tracestate !== '' ? { [CE_HEADERS.tracestate]: tracestate } : {}),
  };
};

/**
 * Maps one stored trial event to its Kafka record, keyed by NCT ID so that every event of a trial lands on
 * one partition, in order. Older schema versions are upcast first: the topic carries the current shapes
 * only, which is what the AsyncAPI document describes. Events of other streams are not trial events and
 * are not published (null).
 */
export const toKafkaRecord = (event: RecordedEvent, source: string): KafkaRecord | null => {
  const nctId = nctIdOfStream(event.streamId);
  if (nctId === null) return null;
  const trialEvent = toTrialEvent(event);
  return {
    key: nctId,
    value: JSON.stringify(trialEvent.data),
    headers: {
      [CE_HEADERS.specversion]: '1.0',
      [CE_HEADERS.id]: event.eventId,
      [CE_HEADERS.type]: trialEvent.type,
      [CE_HEADERS.source]: source,
      [CE_HEADERS.subject]: nctId,
      [CE_HEADERS.time]: event.metadata.recordedAt,
      'content-type': RECORD_CONTENT_TYPE,
      [CE_HEADERS.streamrevision]: String(event.revision),
      [CE_HEADERS.globalposition]: String(event.position),
      [CE_HEADERS.schemaversion]: String(TRIAL_EVENT_SCHEMA_VERSIONS[trialEvent.type]),
      [CE_HEADERS.correlationid]: event.metadata.correlationId,
      [CE_HEADERS.causationid]: event.metadata.causationId,
      ...traceHeaders(event.metadata),
    },
  };
};
