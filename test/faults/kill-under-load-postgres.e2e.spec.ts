import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signToken } from '@trial-ledger/platform';
import { ApiProcess } from '../support/api-process';
import { TestDatabase, postgresForTests } from '../support/postgres';
import { TEST_SECRET } from '../support/test-app';
import { killFigures, killUnderLoad } from './support/kill-cycles';
import { inspectDatabase } from './support/postgres-database';

jest.setTimeout(110_000);

const KILLS = 3;
// As on SQLite (kill-under-load.int.spec.ts): 20 acknowledgements a client before each kill, all five in flow.
const PER_LIFE = 100;

describe('kill -9 of the compiled API under a steady command stream, PostgreSQL (needs npm run build)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'faults-kill-pg-'));
  const operator = `Bearer ${signToken(TEST_SECRET, 'operator-1', 'operator')}`;
  const running: ApiProcess[] = [];
  let database: TestDatabase | null = null;

  afterAll(async () => {
    await Promise.all(running.map((p) => p.stop('SIGKILL')));
    await database?.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps every acknowledged command and converges the read models to a rebuild of the log', async () => {
    const db = await postgresForTests();
    database = db;
    const env = {
      DATA_DIR: dataDir,
      JWT_SECRET: TEST_SECRET,
      SEED_ON_EMPTY_STORE: 'false',
      EVENT_STORE: 'postgres',
      READ_MODEL_STORE: 'postgres',
      DATABASE_URL: db.url,
      // Each restart waits for the killed process's lease to run out before it leads: 3 s, not the default 10.
      LEADER_LEASE_SECONDS: '3',
    };
    const start = async () => {
      running.push(await ApiProcess.start(env));
      return running[running.length - 1];
    };
    const run = await killUnderLoad(start, operator, KILLS, PER_LIFE);

    const { audit, comparison } = await inspectDatabase(db.url, run.acknowledged);
    expect(audit.lost).toEqual([]);
    expect(audit.brokenChains).toEqual([]);
    expect(audit.gaps).toEqual([]);
    expect(audit.events.at(-1)?.position).toBe(run.health.eventStore.headPosition);
    expect(comparison.differences).toEqual([]);
    expect(comparison.livePosition).toBe(run.health.eventStore.headPosition);
    process.stdout.write(killFigures('PostgreSQL', run, audit, comparison));
  });
});
