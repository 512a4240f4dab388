import { Pool, PoolClient } from 'pg';

/** Runs `fn` in one transaction on a client of `pool`: committed when it resolves, rolled back when it throws. */
export const withTransaction = async <T>(pool: Pool, fn: (client: PoolClient) => Promise<T>): Promise<T> => {
  const client = await pool.connect();
  // A connection lost while checked out emits 'error' on the client, not the pool: unheard, it kills the process.
  const onError = () => undefined;
  client.on('error', onError);
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    client.release();
    return result;
  } catch (error) {
    const rolledBack = await client.query('ROLLBACK').then(
      () => true,
      () => false,
    );
    // A client whose rollback failed may be mid-transaction or broken: it must not go back to the pool.
    client.release(!rolledBack);
    throw error;
  } finally {
    client.off('error', onError);
  }
};
