import { Pool, escapeIdentifier } from 'pg';

/** Advisory-lock class of this store (two-key form), ASCII "TLES"; the second key says what is locked. */
export const LOCK_CLASS = 0x544c4553;
const SCHEMA_LOCK = 0;
const ALLOCATION_LOCK = 1;
/** Appends to one stream take `pg_advisory_xact_lock(STREAM_LOCK_CLASS, hashtext(stream_id))`. */
export const STREAM_LOCK_CLASS = LOCK_CLASS + 1;
/** LISTEN/NOTIFY channel on which committed appends are announced, after their commit (append-announcer.ts). */
export const APPENDED_CHANNEL = 'event_store_appended';

/*
 * One append in one round trip: lock the stream, read its revision (a statement of its own after the lock, so
 * in READ COMMITTED it sees the previous holder's commit), and only when it is the expected one (-1: any)
 * allocate positions and insert; the store announces the append once committed. Returns the revision it read and the last
 * position it wrote (null: nothing written). The caller's transaction commits or rolls back.
 */
const APPEND_FUNCTION = `
CREATE OR REPLACE FUNCTION event_store.append_events(
  stream text, expected integer, event_ids text[], types text[], schema_versions integer[], data text[], metadata text[],
  OUT current_revision integer, OUT last_position bigint)
LANGUAGE plpgsql AS $fn$
DECLARE
  positions bigint[];
BEGIN
  PERFORM pg_advisory_xact_lock(${STREAM_LOCK_CLASS}, hashtext(stream));
  SELECT coalesce(max(e.revision), 0) INTO current_revision FROM event_store.events e WHERE e.stream_id = stream;
  IF (expected >= 0 AND expected <> current_revision) OR cardinality(event_ids) = 0 THEN
    RETURN;
  END IF;
  positions := event_store.allocate_positions(cardinality(event_ids));
  INSERT INTO event_store.events (position, transaction_id, stream_id, revision, event_id, type, schema_version, data, metadata)
  SELECT positions[i], pg_current_xact_id(), stream, current_revision + i, event_ids[i], types[i], schema_versions[i],
    data[i]::json, metadata[i]::json
  FROM generate_subscripts(event_ids, 1) AS i;
  last_position := positions[cardinality(positions)];
END
$fn$;`;

/*
 * The log and its signed checkpoints are append-only in the database itself: a statement that would change or
 * remove rows (UPDATE, DELETE, TRUNCATE) fails, whoever runs it, the owner included. The table's owner (or a
 * superuser) can still drop the trigger: so the service should not be the owner, but a role that may only INSERT
 * and SELECT (DATABASE_MIGRATION_URL names the owner; grantServiceRole). Created on open when missing, so an
 * existing store gets them.
 */
const APPEND_ONLY = `
CREATE TABLE IF NOT EXISTS event_store.checkpoints (
  id bigserial PRIMARY KEY, position bigint NOT NULL, payload text NOT NULL, signature text NOT NULL);
CREATE OR REPLACE FUNCTION event_store.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION 'event_store.% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END
$fn$;
DROP TRIGGER IF EXISTS events_append_only ON event_store.events;
CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON event_store.events
  FOR EACH STATEMENT EXECUTE FUNCTION event_store.refuse_change();
DROP TRIGGER IF EXISTS checkpoints_append_only ON event_store.checkpoints;
CREATE TRIGGER checkpoints_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON event_store.checkpoints
  FOR EACH STATEMENT EXECUTE FUNCTION event_store.refuse_change();`;

// Readiness writes here to learn whether the database takes writes now (postgres-write-probe.ts): one row, never the log.
const WRITE_PROBE = `CREATE TABLE IF NOT EXISTS event_store.write_probe (
  id integer PRIMARY KEY CHECK (id = 1), probed_at timestamptz NOT NULL);`;

/*
 * Gap-free following. Positions come from a sequence, so they are taken when an append runs, not when it
 * commits: A may take 10 and B 11, and B commit first; a reader that saw 11 and moved its checkpoint past 10
 * would never read 10. So each row records its writing transaction (`transaction_id`, xid8) and readAll returns
 * only rows whose transaction is older than the oldest one still running, `pg_snapshot_xmin(pg_current_snapshot())`:
 * those transactions have all ended, so nothing can appear before the rows they wrote any more.
 * That filter alone is not enough: a transaction id is assigned at the first write, a position at nextval, and
 * two appends can take them in opposite orders (A id 100 then position 11, C id 101 with position 10: once A
 * commits it passes the filter while C, holding 10, still runs). `allocate_positions` therefore takes an append's
 * transaction id and all its positions in one step under an advisory lock held for that step only (not until
 * commit), so transaction-id order is position order and the rows that pass the filter are always a prefix of
 * the log. Appends still run and commit in parallel. It refuses a transaction that already has an id.
 */
const SCHEMA = `
CREATE SCHEMA IF NOT EXISTS event_store;
CREATE SEQUENCE IF NOT EXISTS event_store.positions AS bigint MINVALUE 1 CACHE 1;
CREATE TABLE IF NOT EXISTS event_store.events (
  position bigint PRIMARY KEY,
  transaction_id xid8 NOT NULL,
  stream_id text NOT NULL,
  revision integer NOT NULL CHECK (revision >= 1),
  event_id text NOT NULL,
  type text NOT NULL,
  schema_version integer NOT NULL,
  data json NOT NULL,
  metadata json NOT NULL,
  CONSTRAINT events_event_id_unique UNIQUE (event_id),
  CONSTRAINT events_stream_revision_unique UNIQUE (stream_id, revision)
);
CREATE OR REPLACE FUNCTION event_store.allocate_positions(how_many integer) RETURNS bigint[]
LANGUAGE plpgsql AS $fn$
DECLARE
  allocated bigint[];
BEGIN
  IF pg_current_xact_id_if_assigned() IS NOT NULL THEN
    RAISE EXCEPTION 'event_store.allocate_positions must run before the transaction writes anything';
  END IF;
  PERFORM pg_advisory_lock(${LOCK_CLASS}, ${ALLOCATION_LOCK});
  BEGIN
    PERFORM pg_current_xact_id();
    allocated := ARRAY(SELECT nextval('event_store.positions') FROM generate_series(1, how_many));
  EXCEPTION WHEN OTHERS OR query_canceled THEN
    PERFORM pg_advisory_unlock(${LOCK_CLASS}, ${ALLOCATION_LOCK});
    RAISE;
  END;
  PERFORM pg_advisory_unlock(${LOCK_CLASS}, ${ALLOCATION_LOCK});
  RETURN allocated;
END
$fn$;
${APPEND_FUNCTION}
${APPEND_ONLY}
${WRITE_PROBE}`;

const READY = `SELECT to_regprocedure('event_store.allocate_positions(integer)') IS NOT NULL
  AND to_regprocedure('event_store.append_events(text,integer,text[],text[],integer[],text[],text[])') IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM pg_proc WHERE oid = to_regprocedure('event_store.append_events(text,integer,text[],text[],integer[],text[],text[])')
    AND prosrc LIKE '%pg_notify%')
  AND EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = to_regclass('event_store.events') AND tgname = 'events_append_only')
  AND EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = to_regclass('event_store.checkpoints') AND tgname = 'checkpoints_append_only')
  AND to_regclass('event_store.write_probe') IS NOT NULL
  AS ready`;

/**
 * Creates the schema when it is missing. Concurrent CREATE ... IF NOT EXISTS can still collide in the catalogs,
 * so the DDL runs under an advisory lock: several processes may open the store at the same time.
 */
export const ensureSchema = async (pool: Pool): Promise<void> => {
  if ((await pool.query<{ ready: boolean }>(READY)).rows[0].ready) return;
  await underSchemaLock(pool, SCHEMA);
};

/**
 * What the service's role may do on the log when another role owns it: read and append, nothing else. Run by
 * the owner (DATABASE_MIGRATION_URL) after ensureSchema; `role` is the service's own (current_user of its URL).
 */
export const grantServiceRole = async (owner: Pool, role: string): Promise<void> => {
  const r = escapeIdentifier(role);
  await underSchemaLock(
    owner,
    `GRANT USAGE ON SCHEMA event_store TO ${r};
REVOKE ALL ON event_store.events, event_store.checkpoints FROM ${r};
GRANT SELECT, INSERT ON event_store.events, event_store.checkpoints TO ${r};
GRANT USAGE ON SEQUENCE event_store.positions, event_store.checkpoints_id_seq TO ${r};
GRANT SELECT, INSERT, UPDATE ON event_store.write_probe TO ${r};`,
  );
};

const underSchemaLock = async (pool: Pool, sql: string): Promise<void> => {
  const client = await pool.connect();
  let failed: Error | undefined;
  const onError = (error: Error) => {
    failed = error;
  };
  client.on('error', onError);
  try {
    await client.query('BEGIN');
    await client.query(`SELECT pg_advisory_xact_lock(${LOCK_CLASS}, ${SCHEMA_LOCK})`);
    await client.query(sql);
    await client.query('COMMIT');
  } catch (error) {
    failed = error as Error;
    throw error;
  } finally {
    client.off('error', onError);
    client.release(failed);
  }
};
