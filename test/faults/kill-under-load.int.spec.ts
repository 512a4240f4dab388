import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signToken } from '@trial-ledger/platform';
import { ApiProcess } from '../support/api-process';
import { TEST_SECRET } from '../support/test-app';
import { killFigures, killUnderLoad } from './support/kill-cycles';
import { inspectDataDir } from './support/sqlite-data-dir';

jest.setTimeout(110_000);

const KILLS = 3;
// Acknowledgements each life waits for before its kill: 20 a client, so all five are in full flow when it lands
// (the claim is about the commands in flight at the kill, not how many came before). 300 tripled the commands
// checked without a new case.
const PER_LIFE = 100;

describe('kill -9 of the compiled API under a steady command stream, SQLite (needs npm run build)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'faults-kill-'));
  const env = { DATA_DIR: dataDir, JWT_SECRET: TEST_SECRET, SEED_ON_EMPTY_STORE: 'false' };
  const operator = `Bearer ${signToken(TEST_SECRET, 'operator-1', 'operator')}`;
  const running: ApiProcess[] = [];

  afterAll(async () => {
    await Promise.all(running.map((p) => p.stop('SIGKILL')));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps every acknowledged command and converges the read models to a rebuild of the log', async () => {
    const start = async () => {
      running.push(await ApiProcess.start(env));
      return running[running.length - 1];
    };
    const run = await killUnderLoad(start, operator, KILLS, PER_LIFE);

    const { audit, comparison } = await inspectDataDir(dataDir, run.acknowledged);
    expect(audit.lost).toEqual([]);
    expect(audit.brokenChains).toEqual([]);
    expect(audit.gaps).toEqual([]);
    expect(audit.events.length).toBe(run.health.eventStore.headPosition);
    expect(comparison.differences).toEqual([]);
    expect(comparison).toMatchObject({ livePosition: audit.events.length, rebuiltPosition: audit.events.length });
    // Figures quoted in docs/reliability.md.
    process.stdout.write(killFigures('SQLite', run, audit, comparison));
  });
});
