import { Pool } from 'pg';

/**
 * Runs `ddl` (CREATE TABLE IF NOT EXISTS …) under a transaction-scoped advisory lock named `lockName`: concurrent
 * CREATE … IF NOT EXISTS can still collide in the catalogs, so processes starting together queue on the lock.
 */
export const createTableUnderLock = async (pool: Pool, lockName: string, ddl: string): Promise<void> => {
  const client = await pool.connect();
  // A connection lost while checked out emits 'error' on the client, not the pool: unheard, it kills the process.
  const onError = () => undefined;
  client.on('error', onError);
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [lockName]);
    await client.query(ddl);
    await client.query('COMMIT');
    client.release();
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    client.release(true);
    throw error;
  } finally {
    client.off('error', onError);
  }
};
