import Database from 'better-sqlite3';

// About 200 MB of WAL at SQLite's default 4 KiB page.
const REBUILD_WAL_PAGES = 50_000;

/** Connections whose WAL a rebuild widened: the setting to restore, and how many rebuilders share it. */
const widened = new WeakMap<Database.Database, { previous: number; users: number }>();

/**
 * With synchronous=NORMAL every WAL checkpoint syncs the log and the database file; at the default of one
 * checkpoint per 1,000 pages a rebuild writing gigabytes waits on hundreds of them. While rebuilders run on
 * a connection its WAL may grow to REBUILD_WAL_PAGES between checkpoints; what a commit guarantees is
 * unchanged. The projections of one file share a connection, so the last one done restores the setting.
 */
export const widenWal = (db: Database.Database): (() => void) => {
  const entry = widened.get(db) ?? { previous: db.pragma('wal_autocheckpoint', { simple: true }) as number, users: 0 };
  entry.users += 1;
  widened.set(db, entry);
  db.pragma(`wal_autocheckpoint = ${REBUILD_WAL_PAGES}`);
  let restored = false;
  return () => {
    if (restored) return;
    restored = true;
    entry.users -= 1;
    if (entry.users > 0) return;
    widened.delete(db);
    if (db.open) db.pragma(`wal_autocheckpoint = ${entry.previous}`);
  };
};
