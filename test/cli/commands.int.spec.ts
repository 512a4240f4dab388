import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

  it('exits 2 with the usage on stderr without a command, and names an unknown one', async () => {
    expect(await cli(dataDir)).toEqual({
      code: 2,
      stdout: '',
      stderr: expect.stringMatching(/^Usage: npm run cli -- \[options\] \[command\]\n/),
    });
    expect(await cli(dataDir, 'constructor')).toEqual({
      code: 2,
      stdout: '',
      stderr: "error: unknown command 'constructor'\n(add --help for usage)\n",
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

  it('refuses a source that does not exist in one line, without a stack, and opens no store', async () => {
    const missing = join(dataDir, 'missing');
    expect(await cli(dataDir, 'import', missing)).toEqual({
      code: 2,
      stdout: '',
      stderr: `error: command-argument value '${missing}' is invalid for argument 'source'. ${missing} does not exist.\n(add --help for usage)\n`,
    });
    expect(existsSync(join(dataDir, 'events.sqlite'))).toBe(false);
  });

  describe('token', () => {
    it('prints one token for the configured secret, with the subject and role asked for', async () => {
      const run = await cli(dataDir, 'token', '--sub', 'ana', '--role', 'auditor');
      expect(run).toMatchObject({ code: 0, stderr: '', stdout: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+\n$/) });
      expect(verifyToken(TEST_SECRET, run.stdout.trim())).toMatchObject({ sub: 'ana', role: 'auditor' });
    });

    it.each([
      [
        ['--sub', 'ana', '--role', 'admin'],
        "error: option '--role <role>' argument 'admin' is invalid. Allowed choices are operator, auditor, reader.",
      ],
      [['--role', 'auditor'], "error: required option '--sub <name>' not specified"],
      [['--sub', 'ana', '--role', 'reader', '--expires-in', '0'], "error: option '--expires-in <seconds>' argument '0' is invalid."],
    ])('exits 2 naming what is wrong for %j', async (args, message) => {
      expect(await cli(dataDir, 'token', ...args)).toEqual({ code: 2, stdout: '', stderr: expect.stringContaining(message) });
    });
  });

  describe('import, then rebuild', () => {
    it('prints the summary, and exits 0 when no record was reported', async () => {
      expect(await cli(dataDir, 'import', SEED)).toEqual({
        code: 0,
        stdout: expect.stringMatching(
          /^1 entries, 1 versions read, 1 recorded \(1 new trials\), 0 lines reported, in [\d.]+ s \(\d+ studies\/s\)\ntrials recorded: NCT06171906\n$/,
        ),
        stderr: '',
      });
    });

    it('reports each bad record on stderr with its source, record and field, and exits 1', async () => {
      const file = badStatusSeed(dataDir);
      const run = await cli(dataDir, 'import', file);
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(
        /^1 entries, 1 versions read, 0 recorded \(0 new trials\), 1 lines reported, in .+\ntrials recorded: none\n$/,
      );
      expect(run.stderr).toMatch(
        new RegExp(
          `^${file}: record NCT06171906, field statusModule\\.overallStatus: "PAUSED" is not one of [^\\n]+; nothing of this version recorded\\n$`,
        ),
      );
    });

    it('exits 2 naming the missing path or the bad value', async () => {
      expect(await cli(dataDir, 'import')).toEqual({
        code: 2,
        stdout: '',
        stderr: "error: missing required argument 'source'\n(add --help for usage)\n",
      });
      for (const [flag, value] of [
        ['--batch', '0'],
        ['--batch', 'many'],
        ['--threads', '2'],
      ]) {
        const run = await cli(dataDir, 'import', SEED, flag, value);
        expect([run.code, run.stdout, run.stderr]).toEqual([
          2,
          '',
          expect.stringMatching(
            new RegExp(`^error: option '${flag} <[^>]+>' argument '${value}' is invalid\\. It must be a whole number from`),
          ),
        ]);
      }
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
