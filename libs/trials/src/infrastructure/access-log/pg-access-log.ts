import { Pool, PoolClient } from 'pg';
import { AccessEntry, AccessParameters, NewAccessEntry } from '@trial-ledger/compliance';
import { createTableUnderLock, withTransaction } from '@trial-ledger/platform';
import { AccessLog, AccessLogPage, AccessLogQuery } from '../../application/access-log/access-log.port';
import { ChainedAccessEntry, accessEntryHash, nextLink } from '../../application/access-log/access-chain';

// The triggers make the table append-only in the database itself, whoever connects: an UPDATE, DELETE or TRUNCATE aborts.
// Each step runs only when missing: ALTER TABLE and CREATE TRIGGER lock the table against the appends of processes
// already running, and a second process starting while one appended deadlocked with it (contract spec, full run).
const DDL = `
  CREATE OR REPLACE FUNCTION access_log_append_only() RETURNS trigger LANGUAGE plpgsql AS
    $$ BEGIN RAISE EXCEPTION 'access_log is append-only'; END $$;
  DO $$ BEGIN
    IF to_regclass('access_log') IS NULL THEN
      CREATE TABLE access_log (
        id BIGSERIAL PRIMARY KEY,
        at TIMESTAMPTZ NOT NULL,
        actor TEXT NOT NULL,
        role TEXT NOT NULL,
        channel TEXT NOT NULL,
        action TEXT NOT NULL,
        nct_id TEXT,
        parameters JSONB NOT NULL
      );
      CREATE INDEX access_log_trial ON access_log (nct_id, id);
      CREATE INDEX access_log_at ON access_log (at);
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = 'access_log'::regclass AND attname = 'hash' AND NOT attisdropped) THEN
      ALTER TABLE access_log ADD COLUMN IF NOT EXISTS previous_hash TEXT, ADD COLUMN IF NOT EXISTS hash TEXT;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = 'access_log'::regclass AND tgname = 'access_log_no_change') THEN
      CREATE TRIGGER access_log_no_change BEFORE UPDATE OR DELETE ON access_log
        FOR EACH ROW EXECUTE FUNCTION access_log_append_only();
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = 'access_log'::regclass AND tgname = 'access_log_no_truncate') THEN
      CREATE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON access_log
        FOR EACH STATEMENT EXECUTE FUNCTION access_log_append_only();
    END IF;
  END $$;
`;

const CHAIN_LOCK = 'trial-ledger/access-log-chain';

const COLUMNS = `id::int AS id, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at,
  actor, role, channel, action, nct_id, parameters`;

interface Row {
  id: number;
  at: string;
  actor: string;
  role: string;
  channel: AccessEntry['channel'];
  action: AccessEntry['action'];
  nct_id: string | null;
  parameters: AccessParameters;
}

const entryOf = (row: Row): AccessEntry => ({
  id: row.id,
  at: row.at,
  actor: row.actor,
  role: row.role,
  channel: row.channel,
  action: row.action,
  nctId: row.nct_id,
  parameters: row.parameters,
});

const whereOf = ({ nctId, action, from, to }: AccessLogQuery): { sql: string; args: string[] } => {
  const parts: [string, string | undefined][] = [
    ['nct_id =', nctId],
    ['action =', action],
    ['at >=', from],
    ['at <', to],
  ];
  const given = parts.filter((p): p is [string, string] => p[1] !== undefined);
  const sql = given.map(([c], i) => `${c} $${i + 1}`).join(' AND ');
  return { sql: sql ? `WHERE ${sql}` : '', args: given.map(([, v]) => v) };
};

/** The access log in a table of the deployment's database, shared by every process. The pool is the caller's. */
export class PgAccessLog extends AccessLog {
  private schema: Promise<void> | null = null;

  constructor(private readonly pool: Pool) {
    super();
  }

  async record(entry: NewAccessEntry): Promise<AccessEntry> {
    await this.ready();
    return { id: await withTransaction(this.pool, (client) => this.append(client, entry)), ...entry };
  }

  // Every process appends here: the lock keeps the newest hash from changing between reading it and the insert.
  private async append(client: PoolClient, entry: NewAccessEntry): Promise<number> {
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [CHAIN_LOCK]);
    const newest = await client.query<{ hash: string | null }>('SELECT hash FROM access_log ORDER BY id DESC LIMIT 1');
    const previous = nextLink(newest.rows[0]?.hash);
    const { at, actor, role, channel, action, nctId, parameters } = entry;
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO access_log (at, actor, role, channel, action, nct_id, parameters, previous_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [at, actor, role, channel, action, nctId, JSON.stringify(parameters), previous, accessEntryHash(entry, previous)],
    );
    return Number(rows[0].id);
  }

  async chained(afterId: number, limit: number): Promise<ChainedAccessEntry[]> {
    await this.ready();
    const { rows } = await this.pool.query<Row & { previous_hash: string | null; hash: string | null }>(
      `SELECT ${COLUMNS}, previous_hash, hash FROM access_log WHERE id > $1 ORDER BY id LIMIT $2`,
      [afterId, limit],
    );
    return rows.map((r) => ({ ...entryOf(r), previousHash: r.previous_hash, hash: r.hash }));
  }

  async list(query: AccessLogQuery): Promise<AccessLogPage> {
    await this.ready();
    const { sql, args } = whereOf(query);
    const n = args.length;
    const [count, page] = await Promise.all([
      this.pool.query<{ total: number }>(`SELECT count(*)::int AS total FROM access_log ${sql}`, args),
      this.pool.query<Row>(`SELECT ${COLUMNS} FROM access_log ${sql} ORDER BY id LIMIT $${n + 1} OFFSET $${n + 2}`, [
        ...args,
        query.limit,
        query.offset,
      ]),
    ]);
    return { items: page.rows.map(entryOf), total: count.rows[0].total, limit: query.limit, offset: query.offset };
  }

  async close(): Promise<void> {}

  private ready(): Promise<void> {
    this.schema ??= createTableUnderLock(this.pool, 'trial-ledger/access-log-schema', DDL).catch((error: unknown) => {
      this.schema = null;
      throw error;
    });
    return this.schema;
  }
}
