import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, CliRun, cliInProcess } from '../support/cli';
import { corpusEntries, realRecords, writeRegistryZip } from '../support/registry-corpus';
import { TEST_SECRET } from '../support/test-app';

jest.setTimeout(60_000);

/** The compiled program importing `zip`, sent SIGINT once stderr shows its first progress line. */
const importInterruptedBySigint = (dataDir: string, zip: string): Promise<CliRun> =>
  new Promise((done, fail) => {
    const env = { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, JWT_SECRET: TEST_SECRET };
    const child = spawn(process.execPath, [CLI, 'import', zip, '--progress'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = { stdout: '', stderr: '' };
    let sent = false;
    child.stdout.on('data', (chunk: Buffer) => (out.stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      out.stderr += chunk.toString();
      // Once: a second SIGINT ends the process at once, as it should.
      if (!sent && out.stderr.includes('importing: ')) sent = child.kill('SIGINT');
    });
    child.once('error', fail);
    child.once('close', (code) => done({ code, ...out }));
  });

// The signal's wiring is main.ts's, so this runs the compiled program (npm test builds before jest).
describe('the compiled CLI, import interrupted by SIGINT', () => {
  let dir: string;
  beforeEach(() => {
    if (!existsSync(CLI)) throw new Error(`Build first (npm run build): ${CLI} is missing`);
    dir = mkdtempSync(join(tmpdir(), 'import-sigint-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('stops after the entry in hand with its summary and exit 1, and --resume records the rest', async () => {
    const zip = join(dir, 'ctg-studies.json.zip');
    await writeRegistryZip(zip, corpusEntries(realRecords(), 400));
    const dataDir = join(dir, 'data');
    const run = await importInterruptedBySigint(dataDir, zip);
    const [, entries] = /^(\d+) entries, /.exec(run.stdout) ?? [];
    expect({ code: run.code, stdout: run.stdout }).toEqual({
      code: 1,
      stdout: expect.stringMatching(/^\d+ entries, (\d+) versions read, \1 recorded \(\1 new trials\), 0 lines reported, in /),
    });
    expect(Number(entries)).toBeLessThan(400);
    expect(run.stderr).toContain(`${zip}: interrupted after entry ${entries}; run the same import with --resume to go on from there\n`);
    const resumed = await cliInProcess(dataDir, 'import', zip, '--resume');
    expect(resumed.stdout).toMatch(
      new RegExp(
        `^400 entries \\(${entries} skipped: imported by an earlier run\\), ${400 - Number(entries)} versions read, ${400 - Number(entries)} recorded`,
      ),
    );
  });
});
