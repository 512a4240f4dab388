import { Pool } from 'pg';
import { PostgresEventStore } from '@trial-ledger/event-store';
import { EventRow, SQL, toRecorded } from '../../libs/event-store/src/postgres/postgres-statements';
import { postgresForTests } from '../../test/support/postgres';
import { StoreSide, storeSide } from './store-workload';

/**
 * Ours against a baseline, each on a fresh database of the same server (DATABASE_URL, else a throwaway one
 * started with fsync=off, the same for both), dropped afterwards.
 */
export const onTwoDatabases = async <T>(run: (oursUrl: string, baselineUrl: string) => Promise<T>): Promise<T> => {
  const [ours, baseline] = [await postgresForTests(), await postgresForTests()];
  try {
    return await run(ours.url, baseline.url);
  } finally {
    await Promise.all([ours.dispose(), baseline.dispose()]);
  }
};

/** The pool size both sides get: the adapter's default. */
export const PG_CONNECTIONS = 10;

export const ourPgSide = async (url: string, label = 'ours'): Promise<StoreSide> =>
  storeSide(await PostgresEventStore.open(url, { maxConnections: PG_CONNECTIONS }), label);

/**
 * Hand-written `pg` doing what one append must do on this schema to keep the store's promises (a stream lock,
 * the revision check, gap-free positions, the insert and its NOTIFY, one transaction), in the fewest round
 * trips the schema allows (its append_events function) and the very statement the adapter sends, so the
 * difference is the adapter's own overhead. The schema is the adapter's (it is opened once to create it).
 */
export const rawPgSide = async (url: string, label = 'raw pg'): Promise<StoreSide> => {
  await (await PostgresEventStore.open(url, { maxConnections: 1 })).close();
  const pool = new Pool({ connectionString: url, max: PG_CONNECTIONS });
  const append = async (streamId: string, events: Parameters<StoreSide['append']>[1], expected: number) => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const row = (
        await client.query<{ current_revision: number }>(SQL.append, [
          streamId,
          expected,
          events.map((e) => e.eventId),
          events.map((e) => e.type),
          events.map((e) => e.schemaVersion),
          events.map((e) => JSON.stringify(e.data)),
          events.map((e) => JSON.stringify(e.metadata)),
        ])
      ).rows[0];
      if (row.current_revision !== expected) throw new Error(`${streamId} is at ${row.current_revision}, not ${expected}`);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  };
  return {
    label,
    append,
    read: async (streamId) => (await pool.query<EventRow>(SQL.stream, [streamId, 1, Number.MAX_SAFE_INTEGER])).rows.map(toRecorded).length,
    close: () => pool.end(),
  };
};
