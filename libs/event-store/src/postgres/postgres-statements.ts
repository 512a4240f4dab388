import { EventMetadata, RecordedEvent } from '../event-store.port';
import { APPENDED_CHANNEL, STREAM_LOCK_CLASS } from './postgres-schema';

export type EventRow = {
  position: string; stream_id: string; revision: number; event_id: string; type: string; schema_version: number;
  data: Record<string, unknown>; metadata: EventMetadata;
};

const COLUMNS = 'position, stream_id, revision, event_id, type, schema_version, data, metadata';
export const SQL = {
  lockStream: `SELECT pg_advisory_xact_lock(${STREAM_LOCK_CLASS}, hashtext($1))`,
  revision: 'SELECT coalesce(max(revision), 0) AS revision FROM event_store.events WHERE stream_id = $1',
  allocate: 'SELECT event_store.allocate_positions($1) AS positions',
  // The NOTIFY is delivered when (and only if) the transaction commits.
  insert: `WITH inserted AS (
      INSERT INTO event_store.events (position, transaction_id, stream_id, revision, event_id, type, schema_version, data, metadata)
      SELECT e.position, pg_current_xact_id(), $1, e.revision, e.event_id, e.type, e.schema_version, e.data::json, e.metadata::json
      FROM unnest($2::bigint[], $3::int[], $4::text[], $5::text[], $6::int[], $7::text[], $8::text[])
        AS e (position, revision, event_id, type, schema_version, data, metadata)
      RETURNING position)
    SELECT pg_notify('${APPENDED_CHANNEL}', max(position)::text) FROM inserted`,
  stream: `SELECT ${COLUMNS} FROM event_store.events WHERE stream_id = $1 AND revision BETWEEN $2::bigint AND $3::bigint ORDER BY revision`,
  // Only rows of transactions older than every running one: see the comment in postgres-schema.ts.
  all: `SELECT ${COLUMNS} FROM event_store.events
    WHERE position > $1 AND transaction_id < (SELECT pg_snapshot_xmin(pg_current_snapshot()))
    ORDER BY position LIMIT $2`,
  head: 'SELECT coalesce(max(position), 0) AS head FROM event_store.events',
};

export const toRecorded = (r: EventRow): RecordedEvent => ({
  streamId: r.stream_id, revision: r.revision, position: Number(r.position), eventId: r.event_id, type: r.type,
  schemaVersion: r.schema_version, data: r.data, metadata: r.metadata,
});
