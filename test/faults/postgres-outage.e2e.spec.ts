import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signToken } from '@trial-ledger/platform';
import { ApiProcess } from '../support/api-process';
import { TestDatabase, postgresForTests } from '../support/postgres';
import { CuttableProxy, serverOf } from '../support/postgres/tcp-proxy';
import { TEST_SECRET } from '../support/test-app';
import { probesDuringOutage } from './support/outage-checks';
import { expectLogAfterOutage, runOutage } from './support/outage-scenario';
import { inspectDatabase } from './support/postgres-database';

jest.setTimeout(110_000);

describe('PostgreSQL down under the compiled API, and back (needs npm run build)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'faults-pg-'));
  const operator = `Bearer ${signToken(TEST_SECRET, 'operator-1', 'operator')}`;
  let database: TestDatabase | null = null;
  let proxy: CuttableProxy | null = null;
  let api: ApiProcess | null = null;

  afterAll(async () => {
    await api?.stop('SIGKILL');
    await proxy?.cut();
    await database?.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers 503 while the database is away, appends nothing then, and recovers without a restart', async () => {
    const db = await postgresForTests();
    database = db;
    const link = new CuttableProxy(serverOf(db.url));
    proxy = link;
    await link.open();
    // Event store and read models both behind the proxy: cutting it takes the whole database away.
    api = await ApiProcess.start({
      DATA_DIR: dataDir,
      JWT_SECRET: TEST_SECRET,
      SEED_ON_EMPTY_STORE: 'false',
      EVENT_STORE: 'postgres',
      READ_MODEL_STORE: 'postgres',
      DATABASE_URL: link.via(db.url),
    });
    const url = api.url;
    const run = await runOutage(api, operator, {
      down: () => link.cut(),
      during: async () => {
        expect(await probesDuringOutage(url)).toEqual({
          ready: { status: 503, failed: expect.arrayContaining(['eventStore']) },
          live: 200,
        });
      },
      back: () => link.open(),
    });
    expect(run.refusalDetail).toMatch(/unavailable/);
    expect(await api.terminate('SIGTERM')).toEqual({ code: 0, signal: null });

    const { audit, comparison } = await inspectDatabase(db.url, run.acknowledged);
    expectLogAfterOutage(audit, run);
    expect(comparison.differences).toEqual([]);
    expect(comparison.livePosition).toBe(run.headPosition);
    process.stdout.write(
      `PostgreSQL down: ${run.acknowledged.length} commands acknowledged around the outage, ` +
        `${run.refusedDuringOutage} refused with 503 during it (+${run.cutInFlight} cut in flight), ${audit.acknowledgedEvents} ` +
        `acknowledged events checked, ${audit.lost.length} lost, ${comparison.trialsCompared} trials equal to a rebuild\n`,
    );
  });
});
