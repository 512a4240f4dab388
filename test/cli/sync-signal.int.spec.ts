import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, CliRun, cliInProcess } from '../support/cli';
import { RegistryApiServer, changedStudies } from '../support/registry-api-server';
import { realRecords } from '../support/registry-corpus';
import { TEST_SECRET } from '../support/test-app';

jest.setTimeout(60_000);

/** The compiled program syncing, sent SIGINT once stderr shows its first page done. */
const syncInterruptedBySigint = (dataDir: string, args: string[]): Promise<CliRun> =>
  new Promise((done, fail) => {
    const env = { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, JWT_SECRET: TEST_SECRET };
    const child = spawn(process.execPath, [CLI, 'sync', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = { stdout: '', stderr: '' };
    let sent = false;
    child.stdout.on('data', (chunk: Buffer) => (out.stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      out.stderr += chunk.toString();
      if (!sent && out.stderr.includes('syncing: page 1,')) sent = child.kill('SIGINT');
    });
    child.once('error', fail);
    child.once('close', (code) => done({ code, ...out }));
  });

// The signal's wiring is main.ts's, so this runs the compiled program (npm test builds before jest).
describe('the compiled CLI, sync interrupted by SIGINT', () => {
  let dir: string;
  let registry: RegistryApiServer;
  beforeEach(async () => {
    if (!existsSync(CLI)) throw new Error(`Build first (npm run build): ${CLI} is missing`);
    dir = mkdtempSync(join(tmpdir(), 'sync-sigint-'));
    // 30 studies, 3 a day from 2024-03-01: pages of 10 end on 2024-03-04, 2024-03-07 and 2024-03-10.
    registry = await RegistryApiServer.start(changedStudies(realRecords(), 30, '2024-03-01', 3));
  });
  afterEach(async () => {
    await registry.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stops after the page in hand with its summary and exit 1, its cursor saved; the next sync goes on from it', async () => {
    const dataDir = join(dir, 'data');
    // One request a second: the next page is not asked for before the signal comes.
    const base = ['--base-url', registry.baseUrl, '--page-size', '10'];
    const run = await syncInterruptedBySigint(dataDir, ['--since', '2024-03-01', '--rate', '1', ...base]);
    const [, pages, studies, cursor] =
      /^(\d) pages, (\d+) studies read, \2 recorded \(\2 new trials\), 0 lines reported, cursor (\S+) /.exec(run.stdout) ?? [];
    expect([run.code, Number(pages) < 3, Number(studies)]).toEqual([1, true, Number(pages) * 10]);
    expect(run.stderr).toContain(`sync interrupted after page ${pages}; the cursor is at ${cursor}, where the next sync goes on\n`);
    const rest = await cliInProcess(dataDir, 'sync', '--rate', '100', ...base);
    expect(rest.stdout).toMatch(
      new RegExp(`^\\d pages, \\d+ studies read, ${30 - Number(studies)} recorded .*, cursor 2024-03-10 \\(from ${cursor}\\)`),
    );
  });
});
