import { Pool } from 'pg';
import { postgresForTests } from '../../../../../test/support/postgres';
import { PgRelayCheckpoint } from './pg-relay-checkpoint';

describe('PgRelayCheckpoint', () => {
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

  it('starts at 0, keeps the furthest position saved (a late former leader cannot rewind it), keyed by name', async () => {
    const trials = new PgRelayCheckpoint(pool, 'trial-events');
    const other = new PgRelayCheckpoint(pool, 'trial-events-v2');
    expect(await trials.load()).toBe(0);
    await trials.save(7);
    await trials.save(42);
    await new PgRelayCheckpoint(pool, 'trial-events').save(30);
    expect(await trials.load()).toBe(42);
    expect(await new PgRelayCheckpoint(pool, 'trial-events').load()).toBe(42);
    expect(await other.load()).toBe(0);
  });

  it('keeps positions beyond 32 bits', async () => {
    const checkpoint = new PgRelayCheckpoint(pool, 'big');
    await checkpoint.save(2 ** 40);
    expect(await checkpoint.load()).toBe(2 ** 40);
  });

  it('close leaves the pool it does not own open, and refuses further use of itself', async () => {
    const checkpoint = new PgRelayCheckpoint(pool, 'closing');
    await checkpoint.save(3);
    await checkpoint.close();
    await expect(checkpoint.load()).rejects.toThrow(/closed/);
    expect((await pool.query<{ one: number }>('SELECT 1 AS one')).rows[0].one).toBe(1);
    expect(await new PgRelayCheckpoint(pool, 'closing').load()).toBe(3);
  });

  it('creates its table once when several processes start at the same moment', async () => {
    await pool.query('DROP TABLE IF EXISTS relay_checkpoints');
    const pools = Array.from({ length: 6 }, () => new Pool({ connectionString: database.url, max: 1 }));
    try {
      const loads = await Promise.all(pools.map((p, i) => new PgRelayCheckpoint(p, `starter-${i}`).load()));
      expect(loads).toEqual([0, 0, 0, 0, 0, 0]);
    } finally {
      await Promise.all(pools.map((p) => p.end()));
    }
  });
});
