import Database from 'better-sqlite3';
import { Client, Pool, Query } from 'pg';
import { PostgresEventStore } from '@trial-ledger/event-store';

type LogRow = {
  position: number;
  stream_id: string;
  revision: number;
  event_id: string;
  type: string;
  schema_version: number;
  data: string;
  metadata: string;
};

/** Rows per INSERT: big enough that round trips do not count, small enough for one bind message. */
const LOAD_BATCH = 10_000;

// Each batch is its own transaction, stamped with its transaction id like an append's rows: the ids rise with
// the positions, so readAll's "older than every running transaction" filter sees the same prefixes it would.
const INSERT = `INSERT INTO event_store.events (position, transaction_id, stream_id, revision, event_id, type, schema_version, data, metadata)
  SELECT p, pg_current_xact_id(), s, r, e, t, v, d::json, m::json
  FROM unnest($1::bigint[], $2::text[], $3::int[], $4::text[], $5::text[], $6::int[], $7::text[], $8::text[]) AS x(p, s, r, e, t, v, d, m)`;

const insertBatch = (pool: Pool, rows: LogRow[]) =>
  pool.query(INSERT, [
    rows.map((r) => r.position),
    rows.map((r) => r.stream_id),
    rows.map((r) => r.revision),
    rows.map((r) => r.event_id),
    rows.map((r) => r.type),
    rows.map((r) => r.schema_version),
    rows.map((r) => r.data),
    rows.map((r) => r.metadata),
  ]);

/**
 * Copies a SQLite event log into the PostgreSQL event store's table at `url`, row for row: the same positions,
 * revisions, ids and JSON text an append of the same events writes (append_events casts the JSON.stringify text
 * the SQLite adapter stored, too). One append per event would cost a stream lock, a position allocation and a
 * NOTIFY each, which is the event-store suite's business, not a rebuild's. Returns the number of events copied.
 */
export const loadLogIntoPostgres = async (sqliteFile: string, url: string): Promise<number> => {
  // The adapter creates its own schema (table, constraints, functions); the rows are then ours to add.
  await (await PostgresEventStore.open(url, { maxConnections: 1 })).close();
  const db = new Database(sqliteFile, { readonly: true });
  const pool = new Pool({ connectionString: url, max: 1 });
  try {
    let batch: LogRow[] = [];
    let count = 0;
    for (const row of db.prepare<[], LogRow>('SELECT * FROM events ORDER BY position').iterate()) {
      batch.push(row);
      if (batch.length < LOAD_BATCH) continue;
      await insertBatch(pool, batch);
      count += batch.length;
      batch = [];
    }
    if (batch.length > 0) await insertBatch(pool, batch);
    count += batch.length;
    // The sequence continues after the copied log, as it would after the appends; ANALYZE as autovacuum would.
    await pool.query("SELECT setval('event_store.positions', (SELECT max(position) FROM event_store.events))");
    await pool.query('VACUUM ANALYZE event_store.events');
    return count;
  } finally {
    db.close();
    await pool.end();
  }
};

/**
 * The least any projection must do with the PostgreSQL log: one query over the whole table in position order,
 * rows streamed as they arrive (the driver keeps none), payload and metadata parsed (pg parses json columns
 * with JSON.parse, as the adapter receives them). The checksum keeps the parsing from being optimised away.
 */
export const rawPgScan = async (url: string): Promise<{ events: number; checksum: number }> => {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    let [events, checksum] = [0, 0];
    const query = client.query(
      new Query(
        'SELECT position, stream_id, revision, event_id, type, schema_version, data, metadata FROM event_store.events ORDER BY position',
      ),
    );
    await new Promise<void>((done, fail) => {
      query.on('row', (row: { data: Record<string, unknown>; metadata: Record<string, unknown> }) => {
        checksum = (checksum + Object.keys(row.data).length + Object.keys(row.metadata).length) | 0;
        events += 1;
      });
      query.once('end', () => done());
      query.once('error', fail);
    });
    return { events, checksum };
  } finally {
    await client.end();
  }
};
