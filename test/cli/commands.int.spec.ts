import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { verifyToken } from '@trial-ledger/platform';
import { runCli } from '../../apps/cli/src/run-cli';
import { cliInProcess as cli } from '../support/cli';
import { TEST_SECRET } from '../support/test-app';

// In process, as replay.int.spec.ts and verify.int.spec.ts: program.int.spec.ts runs the compiled program.
const SEED = resolve(__dirname, '../../seeds/NCT06171906.json');
const NCT = 'NCT06171906';

/** The seed with its one version's status replaced by one the registry does not have. */
const badStatusSeed = (dir: string): string => {
  const doc = JSON.parse(readFileSync(SEED, 'utf8'));
  doc.snapshots[0].record.protocolSection.statusModule.overallStatus = 'PAUSED';
  const file = join(dir, `${NCT}.bad.json`);
  writeFileSync(file, JSON.stringify(doc));
  return file;
};

describe('npm run cli', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'trial-ledger-cli-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it.each([[[]], [['help']], [['constructor']]])('exits 2 with the usage for %j', async (args) => {
    expect(await cli(dataDir, ...args)).toEqual({
      code: 2,
      stdout: '',
      stderr: expect.stringMatching(/^usage: npm run cli -- <command>\n {2}token/),
    });
  });

  it('exits 2 with the configuration problem, before any command runs', async () => {
    const [stdout, stderr] = [
      { text: '', write: (s: string) => (stdout.text += s) },
      { text: '', write: (s: string) => (stderr.text += s) },
    ];
    expect(
      await runCli(['token', '--sub', 'ana', '--role', 'reader'], { DATA_DIR: dataDir, JWT_SECRET: 'short' }, { stdout, stderr }),
    ).toBe(2);
    expect([stdout.text, stderr.text]).toEqual(['', expect.stringContaining('JWT_SECRET must be at least 32 characters')]);
  });

  // The program prints the stack after this line; under jest, Node's own errors come from another realm than the
  // spec's Error, so `instanceof Error` fails and only their text is printed. The exit code is what matters here.
  it('exits 1 on a fault, with what failed', async () => {
    const run = await cli(dataDir, 'import', join(dataDir, 'missing'));
    expect(run).toEqual({
      code: 1,
      stdout: '',
      stderr: expect.stringMatching(/^Error: ENOENT: no such file or directory, stat '.+missing'\n/),
    });
  });

  describe('token', () => {
    it('prints one token for the configured secret, with the subject and role asked for', async () => {
      const run = await cli(dataDir, 'token', '--sub', 'ana', '--role', 'auditor');
      expect(run).toMatchObject({ code: 0, stderr: '', stdout: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+\n$/) });
      expect(verifyToken(TEST_SECRET, run.stdout.trim())).toMatchObject({ sub: 'ana', role: 'auditor' });
    });

    it.each([[['--sub', 'ana', '--role', 'admin']], [['--role', 'reader']], [['--sub', 'ana', '--role', 'reader', '--expires-in', '0']]])(
      'exits 2 with its usage for %j',
      async (args) => {
        expect(await cli(dataDir, 'token', ...args)).toEqual({
          code: 2,
          stdout: '',
          stderr: expect.stringMatching(/^usage: npm run cli -- token --sub/),
        });
      },
    );
  });

  describe('import, then rebuild', () => {
    it('prints the summary, and exits 0 when no record was reported', async () => {
      expect(await cli(dataDir, 'import', SEED)).toEqual({
        code: 0,
        stdout: expect.stringMatching(
          /^1 entries, 1 versions read, 1 recorded \(1 new trials\), 0 lines reported, in [\d.]+ s \(\d+ studies\/s\)\n$/,
        ),
        stderr: '',
      });
    });

    it('reports each bad record on stderr with its source, record and field, and exits 1', async () => {
      const run = await cli(dataDir, 'import', badStatusSeed(dataDir));
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/^1 entries, 1 versions read, 0 recorded \(0 new trials\), 1 lines reported, in /);
      expect(run.stderr).toMatch(
        /^Seed document 001: .+: record NCT06171906, field statusModule\.overallStatus: "PAUSED" is not one of [^\n]+\n$/,
      );
    });

    it('exits 2 with its usage without a path', async () => {
      expect(await cli(dataDir, 'import')).toEqual({
        code: 2,
        stdout: '',
        stderr:
          'usage: npm run cli -- import <zip|dir|ndjson|file> [--resume] [--progress] [--actor <name>] [--batch <1-1024>] [--threads 0|1]\n',
      });
    });

    it.each([
      ['--batch', '0'],
      ['--batch', 'many'],
      ['--threads', '2'],
    ])('exits 2 with its usage on %s %s', async (flag, value) => {
      const run = await cli(dataDir, 'import', SEED, flag, value);
      expect([run.code, run.stdout, run.stderr]).toEqual([2, '', expect.stringMatching(/^usage: npm run cli -- import /)]);
    });

    it('rebuilds every read model beside the live ones and swaps them in, with each phase on stderr and the comparison on stdout', async () => {
      await cli(dataDir, 'import', SEED);
      const run = await cli(dataDir, 'rebuild');
      expect(run.code).toBe(0);
      expect(run.stderr).toMatch(
        /^rebuilding: build\nrebuilding: catch-up\nrebuilding: compare\nrebuilding: swap\nrebuilding: 1 of 1 \(100%\), [\d,]+ events\/s, done\n$/,
      );
      // The import ran no projection: the live models were empty.
      expect(run.stdout).toMatch(/^Compared with the live read models \(rows live \/ rebuilt\):\n {2}trials: 0 \/ 1\n/);
      expect(run.stdout).toMatch(
        /\n {2}trials compared: 0; not compared \(at another revision, or only in the rebuild\): 1\n {2}trials differing: 0\n/,
      );
      expect(run.stdout).toMatch(/\nRebuilt the read models from 1 events and swapped them in at position 1 in \d+ ms\n$/);
      // Nothing was interrupted, so nothing is left to resume: the shadow starts anew.
      const resumed = await cli(dataDir, 'rebuild', '--resume');
      expect(resumed.code).toBe(0);
      expect(resumed.stdout).toMatch(
        /\n {2}trials compared: 1; not compared \(at another revision, or only in the rebuild\): 0\n {2}trials differing: 0\n/,
      );
      expect(resumed.stdout).toMatch(/\nRebuilt the read models from 1 events and swapped them in at position 1 in \d+ ms\n$/);
    });
  });
});
