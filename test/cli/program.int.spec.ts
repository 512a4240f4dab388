import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { verifyToken } from '@trial-ledger/platform';
import { CLI, cliInProcess, spawnCli } from '../support/cli';
import { TEST_SECRET } from '../support/test-app';

/*
 * One run of the compiled program per command: that `npm run build` produced a CLI that starts, reaches the
 * command, writes to the process's own streams and exits with the command's code. What each command prints,
 * case by case, is tested in process (commands, replay and verify specs), through the entry main.ts calls.
 */

// Each run starts Node and Nest afresh: seconds, on a busy machine, where jest's default allows five.
jest.setTimeout(30_000);

const SEED = resolve(__dirname, '../../seeds/NCT06171906.json');
const NCT = 'NCT06171906';

/** A directory with the seed and a copy whose status the registry does not have: one good record, one bad. */
const importDir = (parent: string): string => {
  const dir = join(parent, 'import');
  const doc = JSON.parse(readFileSync(SEED, 'utf8'));
  mkdirSync(dir);
  writeFileSync(join(dir, 'good.json'), JSON.stringify(doc));
  doc.snapshots[0].record.protocolSection.statusModule.overallStatus = 'PAUSED';
  writeFileSync(join(dir, 'bad.json'), JSON.stringify(doc));
  return dir;
};

describe('the compiled CLI (dist/apps/cli/src/main.js)', () => {
  let dataDir: string;
  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error(`Build first (npm run build): ${CLI} is missing`);
    dataDir = mkdtempSync(join(tmpdir(), 'trial-ledger-cli-'));
    // In process: the import's own run is the import test's, on a directory of its own.
    expect((await cliInProcess(dataDir, 'import', SEED)).code).toBe(0);
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('token', async () => {
    const run = await spawnCli(dataDir, 'token', '--sub', 'ana', '--role', 'reader');
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(verifyToken(TEST_SECRET, run.stdout.trim())).toMatchObject({ sub: 'ana', role: 'reader' });
  });

  it('import: records the good record, reports the bad one, and exits 1', async () => {
    const other = mkdtempSync(join(tmpdir(), 'trial-ledger-cli-'));
    try {
      const run = await spawnCli(other, 'import', importDir(other));
      expect(run).toMatchObject({
        code: 1,
        stdout: expect.stringMatching(/^2 entries, 2 versions read, 1 recorded \(1 new trials\), 1 lines reported, in /),
      });
      expect(run.stderr).toMatch(/: record NCT06171906, field statusModule\.overallStatus: "PAUSED" is not one of/);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('rebuild', async () => {
    const run = await spawnCli(dataDir, 'rebuild');
    expect(run).toMatchObject({
      code: 0,
      // The shadow rebuild reports its comparison with the live models, then the swap.
      stdout: expect.stringMatching(
        /\n {2}trials differing: 0\nRebuilt the read models from \d+ events and swapped them in at position \d+ in \d+ ms\n$/,
      ),
    });
  });

  it('verify', async () => {
    expect(await spawnCli(dataDir, 'verify')).toMatchObject({
      code: 0,
      // No checkpoint has been signed in this folder, and verify says what that leaves unchecked.
      stdout: expect.stringMatching(/^NCT06171906 ok \(\d+ events\)\nNo signed checkpoint yet: /),
    });
  });

  it('replay', async () => {
    const run = await spawnCli(dataDir, 'replay', NCT, '--revision', '1');
    expect(run).toMatchObject({
      code: 0,
      stderr: '',
      stdout: expect.stringMatching(/^NCT06171906 at revision 1 \(recorded [^)]+\)\n {2}\{\n/),
    });
  });
});
