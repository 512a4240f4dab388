import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { RelayCheckpoint } from '../../application/ports';

/**
 * The relay's position in its own file, apart from the read models: a rebuild or a deleted read-model file
 * must not send the whole log to Kafka again. A checkpoint lost to a power cut only re-sends a batch, which
 * at-least-once delivery allows, so synchronous=NORMAL is enough.
 */
export class SqliteRelayCheckpoint extends RelayCheckpoint {
  // Prepared once: the relay saves after every batch, and compiling the statement each time cost as much as the write.
  private readonly stmt;

  private constructor(
    private readonly db: Database.Database,
    private readonly name: string,
  ) {
    super();
    this.stmt = {
      load: db.prepare<[string], { position: number }>('SELECT position FROM relay_checkpoints WHERE name = ?'),
      save: db.prepare<[string, number]>(
        'INSERT INTO relay_checkpoints (name, position) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET position = excluded.position',
      ),
    };
  }

  static open(file: string, name: string): SqliteRelayCheckpoint {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    db.exec('CREATE TABLE IF NOT EXISTS relay_checkpoints (name TEXT PRIMARY KEY, position INTEGER NOT NULL)');
    return new SqliteRelayCheckpoint(db, name);
  }

  async load(): Promise<number> {
    const row = this.stmt.load.get(this.name);
    return row?.position ?? 0;
  }

  async save(position: number): Promise<void> {
    this.stmt.save.run(this.name, position);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
