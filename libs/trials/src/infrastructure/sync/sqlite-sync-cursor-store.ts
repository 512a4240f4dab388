import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { SyncCursorStore } from '../../application/sync/sync-cursor-store.port';

/**
 * The sync cursors in a file of their own (DATA_DIR/sync.sqlite), as the relay keeps its checkpoint: the event
 * log's file has one writer, the store's connection with its group commit, and a second connection writing there
 * would queue behind it for the log's write lock. No transaction has to span both files: the cursor is saved only
 * after the events it covers are durable, and a cursor lost with its file only makes the next run fetch again.
 */
export class SqliteSyncCursorStore extends SyncCursorStore {
  private readonly stmt;

  private constructor(private readonly db: Database.Database) {
    super();
    this.stmt = {
      load: db.prepare<[string], { day: string }>('SELECT day FROM sync_cursors WHERE registry = ?'),
      save: db.prepare<[string, string]>(
        'INSERT INTO sync_cursors (registry, day) VALUES (?, ?) ON CONFLICT(registry) DO UPDATE SET day = excluded.day',
      ),
    };
  }

  static open(file: string): SqliteSyncCursorStore {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('busy_timeout = 5000');
    db.exec('CREATE TABLE IF NOT EXISTS sync_cursors (registry TEXT PRIMARY KEY, day TEXT NOT NULL)');
    return new SqliteSyncCursorStore(db);
  }

  async load(registry: string): Promise<string | null> {
    return this.stmt.load.get(registry)?.day ?? null;
  }

  async save(registry: string, day: string): Promise<void> {
    this.stmt.save.run(registry, day);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
