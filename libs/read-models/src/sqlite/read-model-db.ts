import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { TRIAL_COMPLIANCE_SCHEMA } from './trial-compliance-schema';
import { ensureTrialSearchTables } from './trial-search-tables';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS checkpoints (name TEXT PRIMARY KEY, position INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS trials (
  nct_id TEXT PRIMARY KEY, status TEXT NOT NULL, revision INTEGER NOT NULL, position INTEGER NOT NULL,
  conditions_key TEXT NOT NULL, countries_key TEXT NOT NULL, data TEXT NOT NULL);
DROP INDEX IF EXISTS trials_status;
CREATE INDEX IF NOT EXISTS trials_status_order ON trials(status, nct_id);
CREATE INDEX IF NOT EXISTS trials_search ON trials(nct_id, status, conditions_key, countries_key);
CREATE TABLE IF NOT EXISTS trial_history (
  nct_id TEXT NOT NULL, revision INTEGER NOT NULL, position INTEGER NOT NULL, changes TEXT NOT NULL,
  PRIMARY KEY (nct_id, revision));
CREATE TABLE IF NOT EXISTS history_state (nct_id TEXT PRIMARY KEY, state TEXT NOT NULL);
`;

/*
 * A count or a page deep in the list walks the narrow trials_search index in id order instead of every row's
 * JSON; a status filter seeks trials_status_order, already in id order. Conditions and countries have tables
 * of their own (trial-search-tables.ts); the keys stay for a term that only a scan answers.
 */

/**
 * The read models live in their own SQLite file, apart from the event log: they can always be rebuilt
 * from the log, and a separate file keeps projection writes from queueing behind command appends.
 * synchronous=NORMAL is enough here: a lost tail after a power cut rolls change and checkpoint back
 * together, and the projection simply applies those events again.
 */
export const openReadModelDb = (file: string): Database.Database => {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  dropCopiedHistory(db);
  db.exec(SCHEMA);
  db.exec(TRIAL_COMPLIANCE_SCHEMA);
  ensureTrialSearchTables(db);
  return db;
};

/**
 * History rows once held a copy of their event (an `entry` column); they now hold only the derived changes.
 * A file of that shape loses its history and the history's checkpoint, and the projection replays it from
 * the log: a projection migrates by rebuilding. The trials' states are untouched.
 */
const dropCopiedHistory = (db: Database.Database): void => {
  const columns = db.prepare<[], { name: string }>("SELECT name FROM pragma_table_info('trial_history')").all();
  if (!columns.some((c) => c.name === 'entry')) return;
  db.transaction(() => {
    db.exec('DROP TABLE trial_history; DELETE FROM history_state;');
    db.prepare("DELETE FROM checkpoints WHERE name IN ('trial-history', 'trial-history~rows-covered')").run();
  })();
};

export class Checkpoints {
  private readonly getStmt: Database.Statement<[string], { position: number }>;
  private readonly setStmt: Database.Statement<[string, number]>;

  constructor(private readonly db: Database.Database) {
    this.getStmt = db.prepare('SELECT position FROM checkpoints WHERE name = ?');
    this.setStmt = db.prepare(
      'INSERT INTO checkpoints (name, position) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET position = excluded.position',
    );
  }

  get(name: string): number {
    return this.find(name) ?? 0;
  }

  find(name: string): number | null {
    return this.getStmt.get(name)?.position ?? null;
  }

  set(name: string, position: number): void {
    this.setStmt.run(name, position);
  }

  delete(name: string): void {
    this.db.prepare('DELETE FROM checkpoints WHERE name = ?').run(name);
  }
}
