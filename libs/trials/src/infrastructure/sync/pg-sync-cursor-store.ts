import { Pool } from 'pg';
import { createTableUnderLock } from '@trial-ledger/platform';
import { SyncCursorStore } from '../../application/sync/sync-cursor-store.port';

const DDL = 'CREATE TABLE IF NOT EXISTS sync_cursors (registry TEXT PRIMARY KEY, day DATE NOT NULL)';

/**
 * The sync cursors in a table of the deployment's database, where the CLI and whichever worker leads find the same
 * one. The pool is the caller's: close() ends only this store's use of it.
 */
export class PgSyncCursorStore extends SyncCursorStore {
  private schema: Promise<void> | null = null;
  private closed = false;

  constructor(private readonly pool: Pool) {
    super();
  }

  async load(registry: string): Promise<string | null> {
    await this.ready();
    const { rows } = await this.pool.query<{ day: string }>(
      "SELECT to_char(day, 'YYYY-MM-DD') AS day FROM sync_cursors WHERE registry = $1",
      [registry],
    );
    return rows[0]?.day ?? null;
  }

  async save(registry: string, day: string): Promise<void> {
    await this.ready();
    await this.pool.query(
      'INSERT INTO sync_cursors (registry, day) VALUES ($1, $2::date) ON CONFLICT (registry) DO UPDATE SET day = excluded.day',
      [registry, day],
    );
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private ready(): Promise<void> {
    if (this.closed) return Promise.reject(new Error('The sync cursor store is closed'));
    this.schema ??= createTableUnderLock(this.pool, 'trial-ledger/sync-cursors-schema', DDL).catch((error: unknown) => {
      this.schema = null;
      throw error;
    });
    return this.schema;
  }
}
