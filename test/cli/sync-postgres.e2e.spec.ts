import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { runCli } from '../../apps/cli/src/run-cli';
import { TestDatabase, postgresForTests } from '../support/postgres';
import { RegistryApiServer, changedStudies } from '../support/registry-api-server';
import { realRecords } from '../support/registry-corpus';
import { TEST_SECRET } from '../support/test-app';

jest.setTimeout(60_000);

/** The same command on the PostgreSQL engines: its events and its cursor go to the deployment's database. */
describe('npm run cli -- sync on PostgreSQL (EVENT_STORE and READ_MODEL_STORE postgres)', () => {
  let database: TestDatabase;
  let dir: string;
  let registry: RegistryApiServer;
  beforeEach(async () => {
    database = await postgresForTests();
    dir = mkdtempSync(join(tmpdir(), 'registry-sync-pg-'));
    registry = await RegistryApiServer.start(changedStudies(realRecords(), 9, '2024-03-01', 2));
  });
  afterEach(async () => {
    await registry.close();
    rmSync(dir, { recursive: true, force: true });
    await database?.dispose();
  });

  const cli = async (...args: string[]) => {
    const out = { stdout: '', stderr: '' };
    const io = { stdout: { write: (s: string) => (out.stdout += s) }, stderr: { write: (s: string) => (out.stderr += s) } };
    const env = {
      DATA_DIR: join(dir, 'data'),
      JWT_SECRET: TEST_SECRET,
      EVENT_STORE: 'postgres',
      READ_MODEL_STORE: 'postgres',
      DATABASE_URL: database.url,
      RUN_WORKER: 'false',
      SYNC_BASE_URL: registry.baseUrl,
      SYNC_PAGE_SIZE: '4',
      SYNC_RATE: '50',
    };
    return { code: await runCli(args, env, io), ...out };
  };

  it('records the changed studies, keeps its cursor in the database (not in DATA_DIR), and a second run appends nothing', async () => {
    const first = await cli('sync', '--since', '2024-03-01');
    expect([first.code, first.stdout]).toEqual([
      0,
      expect.stringMatching(
        /^3 pages, 9 studies read, 9 recorded \(9 new trials\), 0 lines reported, cursor 2024-03-05 \(from 2024-03-01\)/,
      ),
    ]);
    const pool = new Pool({ connectionString: database.url, max: 1 });
    try {
      const { rows } = await pool.query("SELECT registry, to_char(day, 'YYYY-MM-DD') AS day FROM sync_cursors");
      expect(rows).toEqual([{ registry: registry.baseUrl, day: '2024-03-05' }]);
    } finally {
      await pool.end();
    }
    expect(existsSync(join(dir, 'data', 'sync.sqlite'))).toBe(false);
    const again = await cli('sync');
    expect([again.code, again.stdout]).toEqual([
      0,
      expect.stringMatching(
        /^1 pages, 1 studies read, 0 recorded \(0 new trials\), 0 lines reported, cursor 2024-03-05 \(from 2024-03-05\)/,
      ),
    ]);
    const verify = await cli('verify');
    // A line per trial, then the notice that no checkpoint was signed.
    const trialLines = verify.stdout.split('\n').filter((l) => l.startsWith('NCT'));
    expect(trialLines).toHaveLength(9);
    expect(trialLines.every((l) => / ok \(1 events\)$/.test(l))).toBe(true);
  });
});
