import { Pool } from 'pg';
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
    this.schema ??= this.createTable().catch((error: unknown) => {
      this.schema = null;
      throw error;
    });
    return this.schema;
  }

  /** Concurrent CREATE TABLE IF NOT EXISTS can fail on the catalog; the advisory lock makes starts queue. */
  private async createTable(): Promise<void> {
    const client = await this.pool.connect();
    const onError = () => undefined;
    client.on('error', onError);
    try {
      await client.query('BEGIN');
      await client.query("SELECT pg_advisory_xact_lock(hashtext('trial-ledger/sync-cursors-schema'))");
      await client.query(DDL);
      await client.query('COMMIT');
      client.release();
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      client.release(true);
      throw error;
    } finally {
      client.off('error', onError);
    }
  }
}
