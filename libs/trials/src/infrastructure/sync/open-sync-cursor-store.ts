import { join } from 'node:path';
import { Pool } from 'pg';
import { StorageConfig } from '@trial-ledger/platform';
import { SyncCursorStore } from '../../application/sync/sync-cursor-store.port';
import { PgSyncCursorStore } from './pg-sync-cursor-store';
import { SqliteSyncCursorStore } from './sqlite-sync-cursor-store';

/** A store on a pool of its own, which it ends when it closes. */
class OwnPoolCursorStore extends PgSyncCursorStore {
  constructor(private readonly ownPool: Pool) {
    super(ownPool);
  }

  override async close(): Promise<void> {
    await super.close();
    await this.ownPool.end();
  }
}

/**
 * The cursor store where the deployment keeps what its processes share: PostgreSQL's when the stores are there
 * (the CLI and the worker may run on different machines), else DATA_DIR/sync.sqlite beside the embedded store.
 */
export const openSyncCursorStore = (storage: StorageConfig, dataDir: string): SyncCursorStore => {
  if (storage.databaseUrl === undefined) return SqliteSyncCursorStore.open(join(dataDir, 'sync.sqlite'));
  // One connection: a cursor is read once a run and written once a page.
  const pool = new Pool({ connectionString: storage.databaseUrl, max: 1, connectionTimeoutMillis: 5000 });
  pool.on('error', () => undefined);
  return new OwnPoolCursorStore(pool);
};
