import { EventMetadata, RecordedEvent } from '../event-store.port';

export type EventRow = {
  position: string;
  stream_id: string;
  revision: number;
  event_id: string;
  type: string;
  schema_version: number;
  data: Record<string, unknown>;
  metadata: EventMetadata;
};

const COLUMNS = 'position, stream_id, revision, event_id, type, schema_version, data, metadata';
export const SQL = {
  revision: 'SELECT coalesce(max(revision), 0) AS revision FROM event_store.events WHERE stream_id = $1',
  // The whole append (lock, check, positions, insert, NOTIFY): see append_events in postgres-schema.ts.
  append: `SELECT current_revision, last_position
    FROM event_store.append_events($1, $2, $3::text[], $4::text[], $5::int[], $6::text[], $7::text[])`,
  stream: `SELECT ${COLUMNS} FROM event_store.events WHERE stream_id = $1 AND revision BETWEEN $2::bigint AND $3::bigint ORDER BY revision`,
  // Only rows of transactions older than every running one: see the comment in postgres-schema.ts.
  all: `SELECT ${COLUMNS} FROM event_store.events
    WHERE position > $1 AND transaction_id < (SELECT pg_snapshot_xmin(pg_current_snapshot()))
    ORDER BY position LIMIT $2`,
  head: 'SELECT coalesce(max(position), 0) AS head FROM event_store.events',
  // Committed rows, like head: a follower counts as behind on an event it may not read yet. The LIMIT bounds
  // the index scan; count(*) alone would walk every row after the position.
  countAfter: `SELECT count(*) AS n
    FROM (SELECT 1 FROM event_store.events WHERE position > $1 ORDER BY position LIMIT $2) AS after_position`,
};

export const toRecorded = (r: EventRow): RecordedEvent => ({
  streamId: r.stream_id,
  revision: r.revision,
  position: Number(r.position),
  eventId: r.event_id,
  type: r.type,
  schemaVersion: r.schema_version,
  data: r.data,
  metadata: r.metadata,
});
