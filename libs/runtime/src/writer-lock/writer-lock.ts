import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export const WRITER_LOCK_FILE = 'writer.lock';

/** Who holds the lock, as the holder recorded it. */
export interface WriterLockHolder {
  pid: number;
  command: string;
  startedAt: string;
}

/** A second writer on a data directory: names the folder and the process that writes it. */
export class WriterLockHeldError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: WriterLockHolder | null,
  ) {
    const who = holder ? `process ${holder.pid} (${holder.command}, since ${holder.startedAt})` : 'another process';
    super(`${dataDir} is already being written by ${who}; stop it first, or run a read-only command (verify, replay)`);
    this.name = 'WriterLockHeldError';
  }
}

const SCHEMA =
  'CREATE TABLE IF NOT EXISTS holder (id INTEGER PRIMARY KEY CHECK (id = 1), pid INTEGER NOT NULL, command TEXT NOT NULL, started_at TEXT NOT NULL)';
const BUSY = /^SQLITE_BUSY/;
// A holder's commit briefly blocks readers of the holder row; a handful of tries at most then converge.
const ATTEMPTS = 5;
const READ_WAIT_MS = 2000;

const isBusy = (error: unknown): boolean => BUSY.test((error as { code?: string }).code ?? '');

/**
 * One writer per data directory. The holder keeps a write transaction open on DATA_DIR/writer.lock
 * (`BEGIN IMMEDIATE`: SQLite's RESERVED lock, an fcntl lock the kernel drops when the process dies, even on
 * SIGKILL), so no lock outlives its process and there is no PID file to go stale. Before that it commits its PID
 * to the file, which a refused writer reads and names: a RESERVED lock still lets others read. Rollback journal
 * (PERSIST), not WAL: the RESERVED lock is what excludes; and a journal kept on disk lets a holder record its PID
 * once the folder itself is read-only.
 */
export class WriterLock {
  private constructor(private readonly db: Database.Database) {}

  static acquire(dataDir: string, command: string): WriterLock {
    mkdirSync(dataDir, { recursive: true });
    const db = new Database(join(dataDir, WRITER_LOCK_FILE));
    try {
      db.pragma('journal_mode = PERSIST');
      db.pragma(`busy_timeout = ${READ_WAIT_MS}`);
      db.exec(SCHEMA);
      WriterLock.take(db, dataDir, { pid: process.pid, command, startedAt: new Date().toISOString() });
      return new WriterLock(db);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  /** Who holds the lock on `dataDir` now, as recorded (null: no file, or nobody recorded). Never takes it. */
  static holder(dataDir: string): WriterLockHolder | null {
    let db: Database.Database;
    try {
      db = new Database(join(dataDir, WRITER_LOCK_FILE), { readonly: true, fileMustExist: true });
    } catch {
      return null;
    }
    try {
      db.pragma(`busy_timeout = ${READ_WAIT_MS}`);
      return WriterLock.recorded(db);
    } finally {
      db.close();
    }
  }

  private static recorded(db: Database.Database): WriterLockHolder | null {
    const row = db.prepare<[], { pid: number; command: string; started_at: string }>('SELECT pid, command, started_at FROM holder').get();
    return row ? { pid: row.pid, command: row.command, startedAt: row.started_at } : null;
  }

  /**
   * Takes the lock, records this process, and holds it. Recording needs a commit, which lets go for an instant:
   * a writer that slipped in there holds it now and this one is refused; a record another wrote in that instant
   * is written again while holding, until the held lock and the record agree.
   */
  private static take(db: Database.Database, dataDir: string, me: WriterLockHolder): void {
    const record = db.prepare('INSERT OR REPLACE INTO holder (id, pid, command, started_at) VALUES (1, ?, ?, ?)');
    for (let attempt = 1; attempt <= ATTEMPTS; attempt += 1) {
      if (!WriterLock.begin(db)) throw new WriterLockHeldError(dataDir, WriterLock.othersRecord(db, me.pid));
      if (WriterLock.recorded(db)?.pid === me.pid && attempt > 1) return;
      record.run(me.pid, me.command, me.startedAt);
      db.exec('COMMIT');
    }
    throw new WriterLockHeldError(dataDir, WriterLock.othersRecord(db, me.pid));
  }

  /** BEGIN IMMEDIATE without waiting: false when another process holds the lock. */
  private static begin(db: Database.Database): boolean {
    db.pragma('busy_timeout = 0');
    try {
      db.exec('BEGIN IMMEDIATE');
      return true;
    } catch (error) {
      if (isBusy(error)) return false;
      throw error;
    } finally {
      db.pragma(`busy_timeout = ${READ_WAIT_MS}`);
    }
  }

  /** The holder's record, read until it names another process (the holder rewrites a record it lost in a race). */
  private static othersRecord(db: Database.Database, mine: number): WriterLockHolder | null {
    let holder = WriterLock.recorded(db);
    for (let attempt = 1; attempt < ATTEMPTS && holder?.pid === mine; attempt += 1) {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
      holder = WriterLock.recorded(db);
    }
    return holder?.pid === mine ? null : holder;
  }

  /** Lets go (the process's exit does the same). */
  release(): void {
    if (!this.db.open) return;
    this.db.exec('ROLLBACK');
    this.db.close();
  }
}
