import { Pool } from 'pg';
import { postgresForTests } from '../../../../../test/support/postgres';
import { syncCursorStoreContract } from '../../application/sync/testing/sync-cursor-store.contract';
import { PgSyncCursorStore } from './pg-sync-cursor-store';

let database: { url: string; dispose(): Promise<void> };
let pool: Pool;
beforeAll(async () => {
  database = await postgresForTests();
  pool = new Pool({ connectionString: database.url, max: 4 });
}, 120_000);
afterAll(async () => {
  await pool?.end();
  await database?.dispose();
});

syncCursorStoreContract('PgSyncCursorStore', async () => new PgSyncCursorStore(pool));

describe('PgSyncCursorStore', () => {
  it('creates its table once when several processes start at the same moment, and leaves the pool it does not own open', async () => {
    await pool.query('DROP TABLE IF EXISTS sync_cursors');
    const pools = Array.from({ length: 4 }, () => new Pool({ connectionString: database.url, max: 1 }));
    try {
      const loads = await Promise.all(pools.map((p) => new PgSyncCursorStore(p).load('https://registry.example/start')));
      expect(loads).toEqual([null, null, null, null]);
    } finally {
      await Promise.all(pools.map((p) => p.end()));
    }
    const store = new PgSyncCursorStore(pool);
    await store.save('https://registry.example/start', '2024-01-02');
    await store.close();
    await expect(store.load('https://registry.example/start')).rejects.toThrow(/closed/);
    expect(await new PgSyncCursorStore(pool).load('https://registry.example/start')).toBe('2024-01-02');
  });
});
