import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The log and its signed checkpoints are append-only in the file itself: an UPDATE or DELETE aborts, whoever runs
 * it. Created on every open, so a store made before the triggers gets them. Someone with write access to the file
 * can still drop them (docs/audit.md).
 */
const appendOnly = (table: string): string =>
  ['UPDATE', 'DELETE']
    .map(
      (op) => `CREATE TRIGGER IF NOT EXISTS ${table}_no_${op.toLowerCase()} BEFORE ${op} ON ${table}
  BEGIN SELECT RAISE(ABORT, '${table} are append-only: ${op} refused'); END;`,
    )
    .join('\n');

const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  position INTEGER PRIMARY KEY AUTOINCREMENT, stream_id TEXT NOT NULL, revision INTEGER NOT NULL,
  event_id TEXT NOT NULL UNIQUE, type TEXT NOT NULL, schema_version INTEGER NOT NULL,
  data TEXT NOT NULL, metadata TEXT NOT NULL, UNIQUE (stream_id, revision));
CREATE TABLE IF NOT EXISTS checkpoints (
  id INTEGER PRIMARY KEY AUTOINCREMENT, position INTEGER NOT NULL, payload TEXT NOT NULL, signature TEXT NOT NULL);
${['events', 'checkpoints'].map(appendOnly).join('\n')}`;

export type Row = {
  position: number;
  stream_id: string;
  revision: number;
  event_id: string;
  type: string;
  schema_version: number;
  data: string;
  metadata: string;
};

const prepare = (db: Database.Database) => ({
  revision: db.prepare<[string], { r: number | null }>('SELECT max(revision) AS r FROM events WHERE stream_id = ?'),
  insert: db.prepare(
    'INSERT INTO events (stream_id, revision, event_id, type, schema_version, data, metadata) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ),
  stream: db.prepare<[string, number, number], Row>(
    'SELECT * FROM events WHERE stream_id = ? AND revision >= ? AND revision <= ? ORDER BY revision',
  ),
  all: db.prepare<[number, number], Row>('SELECT * FROM events WHERE position > ? ORDER BY position LIMIT ?'),
  head: db.prepare<[], { p: number | null }>('SELECT max(position) AS p FROM events'),
  // Counted in a bounded subquery: the walk along the primary key stops at the limit.
  countAfter: db.prepare<[number, number], { n: number }>(
    'SELECT count(*) AS n FROM (SELECT 1 FROM events WHERE position > ? ORDER BY position LIMIT ?)',
  ),
});

export type Statements = ReturnType<typeof prepare>;

/** One open database file with its statements. synchronous=FULL: a commit is on disk before it returns. */
export class SqliteConnection {
  readonly stmt: Statements;

  private constructor(readonly db: Database.Database) {
    this.stmt = prepare(db);
  }

  static open(file: string): SqliteConnection {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    const db = new Database(file);
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.pragma('busy_timeout = 5000');
      db.exec(SCHEMA);
      return new SqliteConnection(db);
    } catch (error) {
      db.close();
      throw error;
    }
  }
}
