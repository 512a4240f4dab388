import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  position INTEGER PRIMARY KEY AUTOINCREMENT, stream_id TEXT NOT NULL, revision INTEGER NOT NULL,
  event_id TEXT NOT NULL UNIQUE, type TEXT NOT NULL, schema_version INTEGER NOT NULL,
  data TEXT NOT NULL, metadata TEXT NOT NULL, UNIQUE (stream_id, revision));`;

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
