import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { signToken } from '@trial-ledger/platform';
import { ApiProcess } from '../support/api-process';
import { TEST_SECRET } from '../support/test-app';
import { expectLogAfterOutage, runOutage } from './support/outage-scenario';
import { inspectDataDir } from './support/sqlite-data-dir';

jest.setTimeout(110_000);

const IGNORE_SIGXFSZ = resolve(__dirname, 'support/preload/ignore-sigxfsz.js');

// Every log line holds the process id; the child's own id is what prlimit needs.
const pidOf = (api: ApiProcess): number => {
  const pid = api.logLines().find((l) => typeof l.pid === 'number')?.pid;
  if (typeof pid !== 'number') throw new Error(`No process id in the API's output:\n${api.output.join('')}`);
  return pid;
};

/*
 * The disk fills up under the running service: its file-size limit (RLIMIT_FSIZE) is lowered to 0 bytes, so
 * every write to any file fails (EFBIG; SQLite reports SQLITE_IOERR_WRITE, as it reports SQLITE_FULL for
 * ENOSPC), and raised again later, all without restarting it. A size-limited mount would need privileges a CI
 * runner may lack; prlimit (util-linux) works for any user on the user's own process.
 */
const setFileSizeLimit = (pid: number, limit: '0' | 'unlimited'): void => {
  execFileSync('prlimit', ['--pid', String(pid), `--fsize=${limit}:unlimited`]);
};

describe('the disk full under the compiled API (SQLite), then space again (needs npm run build)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'faults-disk-full-'));
  const operator = `Bearer ${signToken(TEST_SECRET, 'operator-1', 'operator')}`;
  let api: ApiProcess | null = null;

  afterAll(async () => {
    await api?.stop('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers 503 while no write succeeds, appends nothing then, and recovers without a restart', async () => {
    const env = { DATA_DIR: dataDir, JWT_SECRET: TEST_SECRET, SEED_ON_EMPTY_STORE: 'false' };
    api = await ApiProcess.start(env, 'api', 60_000, ['--require', IGNORE_SIGXFSZ]);
    const pid = pidOf(api);
    const run = await runOutage(api, operator, {
      down: async () => setFileSizeLimit(pid, '0'),
      back: async () => setFileSizeLimit(pid, 'unlimited'),
    });
    expect(run.refusalDetail).toMatch(/SQLITE_(IOERR|FULL)/);
    expect(await api.terminate('SIGTERM')).toEqual({ code: 0, signal: null });

    const { audit, comparison } = await inspectDataDir(dataDir, run.acknowledged);
    expectLogAfterOutage(audit, run);
    expect(comparison.differences).toEqual([]);
    expect(comparison.livePosition).toBe(run.headPosition);
    process.stdout.write(
      `disk full (SQLite): ${run.acknowledged.length} commands acknowledged around the outage, ` +
        `${run.refusedDuringOutage} refused with 503 during it (+${run.cutInFlight} cut in flight), ${audit.acknowledgedEvents} ` +
        `acknowledged events checked, ${audit.lost.length} lost, ${comparison.trialsCompared} trials equal to a rebuild\n`,
    );
  });
});
