import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import request from 'supertest';
import { ApiProcess } from '../support/api-process';
import { cliInProcess } from '../support/cli';
import { TEST_SECRET } from '../support/test-app';

jest.setTimeout(60_000);

const SEEDS = resolve(__dirname, '../../seeds');

/** The log's head as the API reports it. */
const head = async (api: ApiProcess): Promise<number> =>
  ((await request(api.url).get('/health')).body as { eventStore: { headPosition: number } }).eventStore.headPosition;

// The API runs as processes of its own; the CLI in this one (each command opens and closes its stores).
describe('one writer per data directory (compiled API; needs npm run build)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'writer-lock-'));
  const env = { DATA_DIR: dataDir, JWT_SECRET: TEST_SECRET };
  let api: ApiProcess;

  beforeAll(async () => {
    api = await ApiProcess.start(env);
  });
  afterAll(async () => {
    await api?.stop('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses a second API on the same folder at once, naming the holder and the folder', async () => {
    const started = Date.now();
    const second = ApiProcess.start(env);
    await expect(second).rejects.toThrow(/exited with 1/);
    const message = await second.catch((error: Error) => error.message);
    expect(message).toContain(`${dataDir} is already being written by process ${api.pid} (api, since `);
    console.log(`second API refused in ${Date.now() - started} ms`);
  });

  it('refuses a CLI import or checkpoint beside the running API, and appends nothing', async () => {
    const before = await head(api);
    const run = await cliInProcess(dataDir, 'import', SEEDS);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${dataDir} is already being written by process ${api.pid} (api`);
    expect(run.stdout).toBe('');
    expect(await head(api)).toBe(before);
    expect((await cliInProcess(dataDir, 'checkpoint')).stderr).toContain(`already being written by process ${api.pid} (api`);
  });

  it('runs verify and replay beside it', async () => {
    const verify = await cliInProcess(dataDir, 'verify');
    expect(verify.stderr).toBe('');
    expect(verify.code).toBe(0);
    expect(verify.stdout).toMatch(/^NCT02985346 ok \(\d+ events\)$/m);
    const replay = await cliInProcess(dataDir, 'replay', 'NCT02985346', '--revision', '1');
    expect(replay.code).toBe(0);
    expect(replay.stdout).toContain('NCT02985346');
  });

  it('lets a new writer in once the holder was killed with SIGKILL, and a checkpoint signed then holds', async () => {
    expect(await api.terminate('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
    const run = await cliInProcess(dataDir, 'import', SEEDS);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/ 0 recorded /);
    // Signing on demand writes too: it runs once no API holds the folder, and verify then holds the log to it.
    const signed = await cliInProcess(dataDir, 'checkpoint');
    expect(signed).toMatchObject({ code: 0, stderr: '' });
    expect(signed.stdout).toMatch(/^Checkpoint 1 signed at position \d+: 5 streams, root [0-9a-f]{64}, key [0-9a-f]{64}\n$/);
    expect((await cliInProcess(dataDir, 'verify')).stdout).toMatch(
      /^checkpoint 1 ok \(position \d+: signature and every stream's head\)$/m,
    );
  });
});
