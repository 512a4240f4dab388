import { chmodSync, chownSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import request from 'supertest';
import { signToken } from '@trial-ledger/platform';
import { ApiProcess, healthOver, healthWhen } from '../support/api-process';
import { TEST_SECRET } from '../support/test-app';
import { nctIdFor } from '../support/trial-workload';
import { registerBody, statusBody } from '../support/trials';
import { Acknowledged, MixedCommands, sendCommand } from './support/mixed-commands';
import { expectUnavailable } from './support/outage-checks';
import { inspectDataDir } from './support/sqlite-data-dir';
import { waitFor } from '../support/wait-for';

jest.setTimeout(110_000);

// Root ignores file permissions: run by root, the service runs as nobody (dropped by a preload before the app
// starts); run by anyone else, it runs as that user, whom the permissions already bind.
const NOBODY = 65534;
const AS_ROOT = process.getuid?.() === 0;
const RUN_AS = AS_ROOT ? ['--require', resolve(__dirname, 'support/preload/run-as.js')] : [];

/** Every file of the event store (with its WAL and shared-memory files when present) and its directory. */
const setStoreMode = (dataDir: string, file: number, dir: number): void => {
  readdirSync(dataDir)
    .filter((f) => f.startsWith('events.sqlite'))
    .forEach((f) => chmodSync(join(dataDir, f), file));
  chmodSync(dataDir, dir);
};

describe('a read-only event store under the compiled API (SQLite, as an unprivileged user; needs npm run build)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'faults-read-only-'));
  const env = { DATA_DIR: dataDir, JWT_SECRET: TEST_SECRET, SEED_ON_EMPTY_STORE: 'false', FAULTS_RUN_AS: String(NOBODY) };
  const operator = `Bearer ${signToken(TEST_SECRET, 'operator-1', 'operator')}`;
  const auditor = `Bearer ${signToken(TEST_SECRET, 'auditor-1', 'auditor')}`;
  const start = () => ApiProcess.start(env, 'api', 60_000, RUN_AS);
  let api: ApiProcess | null = null;
  const acknowledged: Acknowledged[] = [];
  const trials = { next: 1, known: [] as string[] };

  beforeAll(() => {
    if (AS_ROOT) chownSync(dataDir, NOBODY, NOBODY);
  });
  afterAll(async () => {
    await api?.stop('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  const stream = async (url: string, count: number) => {
    const commands = new MixedCommands(url, operator, trials, 3);
    await commands.waitFor(count);
    await commands.ended();
    expect(commands.refused).toEqual([]);
    acknowledged.push(...commands.acknowledged);
  };

  // The kernel checks permissions when a file is opened, and SQLite holds its files open (WAL mode creates no
  // file while it runs): taking write permission away under a running service takes nothing away from it.
  it('keeps a running service writing durably when its files are made read-only under it', async () => {
    api = await start();
    await stream(api.url, 50);
    setStoreMode(dataDir, 0o444, 0o555);
    await stream(api.url, 100);
    expect(await api.terminate('SIGTERM')).toEqual({ code: 0, signal: null });
  });

  it('answers 503 to every command when started on a read-only store, serves reads, and appends nothing', async () => {
    api = await start();
    const refused = await sendCommand(api.url, operator, '/trials', registerBody(nctIdFor(900_001)));
    expectUnavailable(refused, 'a registration on a read-only store');
    expect((refused.body as { detail: string }).detail).toMatch(/SQLITE_READONLY/);
    expectUnavailable(await sendCommand(api.url, operator, `/trials/${trials.known[0]}/status`, statusBody('COMPLETED')), 'an update');
    const read = await request(api.url).get(`/trials/${trials.known[0]}/history`).set('Authorization', auditor);
    expect(read.status).toBe(200);
    expect((await request(api.url).get('/health/live')).status).toBe(200);
    const ready = await request(api.url).get('/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.failed).toEqual(['eventStoreWrites']);
    expect(ready.body.checks.eventStoreWrites.detail).toMatch(
      new RegExp(`^event store at ${join(dataDir, 'events.sqlite')} cannot be written: SQLITE_READONLY`),
    );
  });

  // SQLite keeps a connection opened on a read-only file read-only: the store opens a fresh one after a refusal.
  it('takes commands again, without a restart, once the store is writable, with the log exactly as acknowledged', async () => {
    if (!api) throw new Error('the previous test did not start the service');
    setStoreMode(dataDir, 0o644, 0o755);
    // Before any command: the probe's own write reopens the connection that the read-only open left read-only.
    await waitFor(async () => (await request(api!.url).get('/health/ready')).status === 200, 'ready once writable', {
      timeoutMs: 30_000,
      everyMs: 100,
    });
    await stream(api.url, 50);
    const health = await healthWhen(healthOver(request(api.url)), (h) => h.readModels.lag === 0);
    expect(await api.terminate('SIGTERM')).toEqual({ code: 0, signal: null });
    const { audit, comparison } = await inspectDataDir(dataDir, acknowledged);
    expect(audit.lost).toEqual([]);
    expect(audit.brokenChains).toEqual([]);
    expect(audit.events).toHaveLength(audit.acknowledgedEvents);
    expect(audit.trials).not.toContain(nctIdFor(900_001));
    expect(audit.events.at(-1)?.position).toBe(health.eventStore.headPosition);
    expect(comparison.differences).toEqual([]);
  });
});
