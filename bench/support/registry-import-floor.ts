import Database from 'better-sqlite3';
import { performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import { PostgresEventStore, SqliteEventStore } from '@trial-ledger/event-store';
import { openImportSource, parseDocumentText, registryVersionOf } from '@trial-ledger/importer';

/** Rows per transaction in the raw inserts. */
export const BATCH = 1_000;

type EventRow = {
  stream_id: string;
  revision: number;
  event_id: string;
  type: string;
  schema_version: number;
  data: string;
  metadata: string;
};

/**
 * What no import can skip before it records anything: the zip's entries inflated one at a time, each parsed as the
 * importer parses it and mapped to its registry version. Throws unless every entry was one version without issues.
 */
export const streamAndParseMs = async (zip: string, studies: number): Promise<number> => {
  const started = performance.now();
  let versions = 0;
  for await (const entry of (await openImportSource(zip)).entries(0)) {
    if (!('text' in entry)) throw new Error(`${entry.name}: ${entry.problem}`);
    const { snapshots, issues } = parseDocumentText(entry.text, entry.name);
    if (issues.length > 0) throw new Error(`${entry.name}: ${JSON.stringify(issues[0])}`);
    for (const snapshot of snapshots) versions += registryVersionOf(snapshot).version.record.nctId ? 1 : 0;
  }
  if (versions !== studies) throw new Error(`parsed ${versions} versions, the corpus has ${studies} studies`);
  return performance.now() - started;
};

/** The events an import wrote, read from its SQLite log BATCH at a time, in position order. */
function* batchesOf(eventsFile: string): Generator<EventRow[]> {
  const db = new Database(eventsFile, { readonly: true });
  try {
    const page = db.prepare<[number, number], EventRow & { position: number }>(
      'SELECT position, stream_id, revision, event_id, type, schema_version, data, metadata FROM events WHERE position > ? ORDER BY position LIMIT ?',
    );
    for (let after = 0; ;) {
      const rows = page.all(after, BATCH);
      if (rows.length === 0) return;
      yield rows;
      after = rows[rows.length - 1].position;
    }
  } finally {
    db.close();
  }
}

export const eventCount = (eventsFile: string): number => {
  const db = new Database(eventsFile, { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
  } finally {
    db.close();
  }
};

/**
 * The very rows the import wrote, inserted again by raw better-sqlite3 into a fresh copy of the adapter's table with
 * its pragmas (WAL, synchronous=FULL), one transaction per BATCH rows. Only the transactions are timed, not reading
 * the rows back.
 */
export const rawSqliteInsertMs = async (eventsFile: string, file: string): Promise<{ ms: number; rows: number }> => {
  await SqliteEventStore.open(file).close();
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    const insert = db.prepare(
      'INSERT INTO events (stream_id, revision, event_id, type, schema_version, data, metadata) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    const commit = db.transaction((rows: EventRow[]) => {
      for (const r of rows) insert.run(r.stream_id, r.revision, r.event_id, r.type, r.schema_version, r.data, r.metadata);
    });
    let ms = 0;
    let rows = 0;
    for (const batch of batchesOf(eventsFile)) {
      const started = performance.now();
      commit(batch);
      ms += performance.now() - started;
      rows += batch.length;
    }
    return { ms, rows };
  } finally {
    db.close();
  }
};

const PG_INSERT = `INSERT INTO event_store.events (position, transaction_id, stream_id, revision, event_id, type, schema_version, data, metadata)
  SELECT nextval('event_store.positions'), pg_current_xact_id(), s, r, e, t, v, d, m
  FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::int[], $6::json[], $7::json[]) AS u(s, r, e, t, v, d, m)`;

/** The same rows into a fresh database's copy of the PostgreSQL adapter's table, one multi-row INSERT and commit per BATCH. */
export const rawPgInsertMs = async (eventsFile: string, url: string): Promise<{ ms: number; rows: number }> => {
  await (await PostgresEventStore.open(url, { maxConnections: 1 })).close();
  const pool = new Pool({ connectionString: url, max: 1 });
  try {
    let ms = 0;
    let rows = 0;
    for (const batch of batchesOf(eventsFile)) {
      const columns = [
        batch.map((r) => r.stream_id),
        batch.map((r) => r.revision),
        batch.map((r) => r.event_id),
        batch.map((r) => r.type),
        batch.map((r) => r.schema_version),
        batch.map((r) => r.data),
        batch.map((r) => r.metadata),
      ];
      const started = performance.now();
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query(PG_INSERT, columns);
        await client.query('COMMIT');
      } finally {
        client.release();
      }
      ms += performance.now() - started;
      rows += batch.length;
    }
    return { ms, rows };
  } finally {
    await pool.end();
  }
};

export const pgEventCount = async (url: string): Promise<number> => {
  const pool = new Pool({ connectionString: url, max: 1 });
  try {
    return Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM event_store.events')).rows[0].n);
  } finally {
    await pool.end();
  }
};
