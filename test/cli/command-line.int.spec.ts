import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { COMMANDS } from '../../apps/cli/src/commands';
import { cliInProcess as cli } from '../support/cli';

/*
 * The command line itself, in process: help, refusals and exit codes. Each refusal happens before any store is
 * opened, which the empty data directory after every case shows.
 */
const NAMES = COMMANDS.map((c) => c.name);
/** Commander checks required flags before unknown ones. */
const REQUIRED: Record<string, string[]> = { token: ['--sub', 'ana', '--role', 'reader'] };
const EXIT_CODES = /\nExit codes:\n {2}0 {2}done, nothing to report\n {2}1 {2}done with something to look at[^]*\n {2}2 {2}not run: /;

describe('npm run cli: the command line', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'trial-ledger-cli-'))));
  afterEach(() => {
    expect(readdirSync(dataDir)).toEqual([]);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('lists every command in its help, with the exit codes, on stdout with exit 0 (--help or help)', async () => {
    for (const args of [['--help'], ['help']]) {
      const run = await cli(dataDir, ...args);
      expect([run.code, run.stderr]).toEqual([0, '']);
      expect(run.stdout).toMatch(/^Usage: npm run cli -- \[options\] \[command\]\n/);
      for (const name of NAMES) expect(run.stdout).toMatch(new RegExp(`\\n {2}${name}\\b`));
      expect(run.stdout).toMatch(EXIT_CODES);
    }
  });

  it.each(NAMES)('%s --help prints its usage, flags and the exit codes with exit 0', async (name) => {
    for (const args of [
      [name, '--help'],
      ['help', name],
    ]) {
      const run = await cli(dataDir, ...args);
      expect([run.code, run.stderr]).toEqual([0, '']);
      expect(run.stdout).toMatch(new RegExp(`^Usage: npm run cli -- ${name} \\[options\\]`));
      expect(run.stdout).toMatch(EXIT_CODES);
    }
  });

  it.each(NAMES)('%s refuses an unknown flag with exit 2, naming it', async (name) => {
    expect(await cli(dataDir, name, ...(REQUIRED[name] ?? []), '--force')).toEqual({
      code: 2,
      stdout: '',
      stderr: "error: unknown option '--force'\n(add --help for usage)\n",
    });
  });

  it.each([
    ['verify', 'NCT06171906', 'NCT05131412'],
    ['rebuild', 'now'],
    ['sync', '2024-03-01'],
    ['token', 'ana', '--sub', 'ana', '--role', 'reader'],
    ['replay', 'NCT06171906', '1'],
  ])('%s refuses an extra argument with exit 2', async (...args) => {
    const run = await cli(dataDir, ...args);
    expect([run.code, run.stdout]).toEqual([2, '']);
    expect(run.stderr).toMatch(/^error: too many arguments for '\w+'\. Expected \d arguments? but got \d\.\n\(add --help for usage\)\n$/);
  });

  it('verify names what is wrong with a trial that is not an NCT ID', async () => {
    expect(await cli(dataDir, 'verify', 'foo')).toEqual({
      code: 2,
      stdout: '',
      stderr:
        "error: command-argument value 'foo' is invalid for argument 'nctId'. It must be an NCT ID: NCT followed by eight digits, e.g. NCT06171906.\n(add --help for usage)\n",
    });
  });

  it("token: the audit page's hint is a command that works, and without --sub the refusal says what is missing", async () => {
    const page = readFileSync(resolve(__dirname, '../../apps/api/src/audit-ui/assets/index.html'), 'utf8');
    const [, hint] = /\(npm run cli -- (token [^)]+)\)/.exec(page) ?? [];
    expect(hint).toBe('token --sub &lt;your name&gt; --role auditor');
    const args = hint.replace('&lt;your name&gt;', 'ana').split(' ');
    const run = await cli(dataDir, ...args);
    expect([run.code, run.stderr]).toEqual([0, '']);
    rmSync(join(dataDir, 'jwt-secret'), { force: true });
    expect(await cli(dataDir, 'token', '--role', 'auditor')).toEqual({
      code: 2,
      stdout: '',
      stderr: "error: required option '--sub <name>' not specified\n(add --help for usage)\n",
    });
  });
});
