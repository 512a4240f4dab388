import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { AccessEntry, AccessParameters, NewAccessEntry } from '@trial-ledger/compliance';
import { AccessLog, AccessLogPage, AccessLogQuery } from '../../application/access-log/access-log.port';
import { ChainedAccessEntry, accessEntryHash, nextLink } from '../../application/access-log/access-chain';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS access_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    role TEXT NOT NULL,
    channel TEXT NOT NULL,
    action TEXT NOT NULL,
    nct_id TEXT,
    parameters TEXT NOT NULL
  );
  CREATE INDEX IF NOT EXISTS access_log_trial ON access_log (nct_id, id);
  CREATE INDEX IF NOT EXISTS access_log_at ON access_log (at);
  CREATE TRIGGER IF NOT EXISTS access_log_no_update BEFORE UPDATE ON access_log
    BEGIN SELECT RAISE(ABORT, 'access_log is append-only'); END;
  CREATE TRIGGER IF NOT EXISTS access_log_no_delete BEFORE DELETE ON access_log
    BEGIN SELECT RAISE(ABORT, 'access_log is append-only'); END;
`;

// Added to files made before the chain: their older entries stay unchained (the triggers forbid filling them in).
const addLinkColumns = (db: Database.Database): void => {
  const columns = new Set((db.pragma('table_info(access_log)') as { name: string }[]).map((c) => c.name));
  if (!columns.has('previous_hash')) db.exec('ALTER TABLE access_log ADD COLUMN previous_hash TEXT');
  if (!columns.has('hash')) db.exec('ALTER TABLE access_log ADD COLUMN hash TEXT');
};

interface Row {
  id: number;
  at: string;
  actor: string;
  role: string;
  channel: AccessEntry['channel'];
  action: AccessEntry['action'];
  nct_id: string | null;
  parameters: string;
  previous_hash: string | null;
  hash: string | null;
}

const entryOf = (row: Row): AccessEntry => ({
  id: row.id,
  at: row.at,
  actor: row.actor,
  role: row.role,
  channel: row.channel,
  action: row.action,
  nctId: row.nct_id,
  parameters: JSON.parse(row.parameters) as AccessParameters,
});

/** Each filter is a condition only when given; the instants are compared as ISO-8601 UTC text, which sorts as time. */
const whereOf = ({ nctId, action, from, to }: AccessLogQuery): { sql: string; args: string[] } => {
  const parts: [string, string | undefined][] = [
    ['nct_id = ?', nctId],
    ['action = ?', action],
    ['at >= ?', from],
    ['at < ?', to],
  ];
  const given = parts.filter((p): p is [string, string] => p[1] !== undefined);
  return { sql: given.length ? `WHERE ${given.map(([c]) => c).join(' AND ')}` : '', args: given.map(([, v]) => v) };
};

/**
 * The access log in a file of its own (DATA_DIR/access-log.sqlite), as the sync cursor and the relay checkpoint
 * are: the read-only CLI commands (replay) record their reads beside a running API without touching the event
 * log's file, which has one writer. Durable at commit (WAL, synchronous=FULL).
 */
export class SqliteAccessLog extends AccessLog {
  private readonly append;

  private constructor(private readonly db: Database.Database) {
    super();
    const newest = db.prepare<[], { hash: string | null }>('SELECT hash FROM access_log ORDER BY id DESC LIMIT 1');
    const insert = db.prepare(
      `INSERT INTO access_log (at, actor, role, channel, action, nct_id, parameters, previous_hash, hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    );
    // IMMEDIATE: the API and cli replay write this file from two processes; the newest hash must not change before the insert.
    this.append = db.transaction((entry: NewAccessEntry): number => {
      const previous = nextLink(newest.get()?.hash);
      const { at, actor, role, channel, action, nctId, parameters } = entry;
      const values = [at, actor, role, channel, action, nctId, JSON.stringify(parameters), previous, accessEntryHash(entry, previous)];
      return (insert.get(...values) as { id: number }).id;
    });
  }

  static open(file: string): SqliteAccessLog {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('busy_timeout = 5000');
    db.exec(SCHEMA);
    addLinkColumns(db);
    return new SqliteAccessLog(db);
  }

  async record(entry: NewAccessEntry): Promise<AccessEntry> {
    return { id: this.append.immediate(entry), ...entry };
  }

  async list(query: AccessLogQuery): Promise<AccessLogPage> {
    const { sql, args } = whereOf(query);
    const { total } = this.db.prepare(`SELECT count(*) AS total FROM access_log ${sql}`).get(...args) as { total: number };
    const rows = this.db
      .prepare(`SELECT * FROM access_log ${sql} ORDER BY id LIMIT ? OFFSET ?`)
      .all(...args, query.limit, query.offset) as Row[];
    return { items: rows.map(entryOf), total, limit: query.limit, offset: query.offset };
  }

  async chained(afterId: number, limit: number): Promise<ChainedAccessEntry[]> {
    const rows = this.db.prepare('SELECT * FROM access_log WHERE id > ? ORDER BY id LIMIT ?').all(afterId, limit) as Row[];
    return rows.map((r) => ({ ...entryOf(r), previousHash: r.previous_hash, hash: r.hash }));
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
