import { join } from 'node:path';
import { Pool } from 'pg';
import { StorageConfig } from '@trial-ledger/platform';
import { AccessLog } from '../../application/access-log/access-log.port';
import { PgAccessLog } from './pg-access-log';
import { SqliteAccessLog } from './sqlite-access-log';

/** A log on a pool of its own, which it ends when it closes. */
class OwnPoolAccessLog extends PgAccessLog {
  constructor(private readonly ownPool: Pool) {
    super(ownPool);
  }

  override async close(): Promise<void> {
    await this.ownPool.end();
  }
}

/**
 * The access log where the deployment keeps what its processes share: PostgreSQL's when the stores are there, else
 * DATA_DIR/access-log.sqlite beside the embedded store.
 */
export const openAccessLog = (storage: StorageConfig, dataDir: string): AccessLog => {
  if (storage.databaseUrl === undefined) return SqliteAccessLog.open(join(dataDir, 'access-log.sqlite'));
  // Bounded like the stores': a database that accepts no connections fails the read instead of hanging it.
  const pool = new Pool({ connectionString: storage.databaseUrl, max: 2, connectionTimeoutMillis: 5000 });
  pool.on('error', () => undefined);
  return new OwnPoolAccessLog(pool);
};
