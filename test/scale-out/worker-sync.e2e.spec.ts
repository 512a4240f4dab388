import { Pool } from 'pg';
import { ApiProcess } from '../support/api-process';
import { PostgresFleet } from '../support/fleet';
import { RegistryApiServer, changedStudies } from '../support/registry-api-server';
import { realRecords } from '../support/registry-corpus';
import { waitFor } from '../support/wait-for';

jest.setTimeout(180_000);

/** The registry sync as the worker's background job, on the PostgreSQL stores, run by the leader only. */
describe('the worker with SYNC_INTERVAL_MINUTES', () => {
  let fleet: PostgresFleet;
  let registry: RegistryApiServer;
  let pool: Pool;
  beforeAll(async () => {
    fleet = await PostgresFleet.create();
    pool = new Pool({ connectionString: fleet.db.url, max: 1 });
    // 12 studies, 2 a day from 2024-03-01: pages of 5 end on 2024-03-03, 2024-03-05 and 2024-03-06.
    registry = await RegistryApiServer.start(changedStudies(realRecords(), 12, '2024-03-01', 2));
  }, 120_000);
  afterAll(async () => {
    await registry?.close();
    await pool?.end();
    await fleet?.dispose();
  });

  const cursor = async (): Promise<string | null> => {
    const { rows } = await pool
      .query<{ day: string }>("SELECT to_char(day, 'YYYY-MM-DD') AS day FROM sync_cursors")
      .catch(() => ({ rows: [] }));
    return rows[0]?.day ?? null;
  };
  const trials = async (): Promise<number> =>
    Number(
      (await pool.query<{ n: string }>("SELECT count(DISTINCT stream_id) AS n FROM event_store.events WHERE stream_id LIKE 'trial-NCT9%'"))
        .rows[0].n,
    );
  /** The first day asked for by each run, in order: a run's first page is the one without a pageToken. */
  const runs = () =>
    registry.pageRequests.filter((u) => !u.searchParams.has('pageToken')).map((u) => u.searchParams.get('filter.advanced'));

  it('syncs from SYNC_SINCE on the leader and saves the cursor in PostgreSQL; the standby syncs only once it leads', async () => {
    const env = {
      SYNC_BASE_URL: registry.baseUrl,
      SYNC_INTERVAL_MINUTES: '60',
      SYNC_SINCE: '2024-03-01',
      SYNC_PAGE_SIZE: '5',
      SYNC_RATE: '50',
    };
    const leader: ApiProcess = await fleet.start('worker', env);
    await waitFor(async () => (await cursor()) === '2024-03-06', 'the leader to sync every page', { timeoutMs: 60_000, everyMs: 200 });
    expect(await trials()).toBe(12);
    const standby = await fleet.start('worker', env);
    await leader.stop('SIGKILL');
    await waitFor(() => runs().length === 2, 'the standby, now leader, to sync from the cursor', { timeoutMs: 60_000, everyMs: 200 });
    expect(runs()).toEqual(['AREA[LastUpdatePostDate]RANGE[2024-03-01,MAX]', 'AREA[LastUpdatePostDate]RANGE[2024-03-06,MAX]']);
    await waitFor(() => registry.pageRequests.length === 4, 'the new leader to read its one page', { timeoutMs: 30_000, everyMs: 100 });
    expect(await trials()).toBe(12);
    await standby.stop('SIGTERM');
  });
});
