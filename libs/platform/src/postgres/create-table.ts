import { Pool } from 'pg';
import { withTransaction } from './transaction';

/**
 * Runs `ddl` (CREATE TABLE IF NOT EXISTS …) under a transaction-scoped advisory lock named `lockName`: concurrent
 * CREATE … IF NOT EXISTS can still collide in the catalogs, so processes starting together queue on the lock.
 */
export const createTableUnderLock = (pool: Pool, lockName: string, ddl: string): Promise<void> =>
  withTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [lockName]);
    await client.query(ddl);
  });
