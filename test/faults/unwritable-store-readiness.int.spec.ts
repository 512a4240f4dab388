import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import request from 'supertest';
import { signToken } from '@trial-ledger/platform';
import { ApiProcess } from '../support/api-process';
import { TEST_SECRET } from '../support/test-app';
import { nctIdFor } from '../support/trial-workload';
import { registerBody } from '../support/trials';
import { waitFor } from '../support/wait-for';

jest.setTimeout(110_000);

const IGNORE_SIGXFSZ = resolve(__dirname, 'support/preload/ignore-sigxfsz.js');

type Ready = { status: number; body: { failed?: string[]; detail?: string; checks: Record<string, { ok: boolean; detail: string }> } };

const pidOf = (api: ApiProcess): number => {
  const pid = api.logLines().find((l) => typeof l.pid === 'number')?.pid;
  if (typeof pid !== 'number') throw new Error(`No process id in the API's output:\n${api.output.join('')}`);
  return pid;
};

// As disk-full.int.spec.ts: RLIMIT_FSIZE 0 makes every write to a file fail (EFBIG), as a full disk does.
const setFileSizeLimit = (pid: number, limit: '0' | 'unlimited'): void => {
  execFileSync('prlimit', ['--pid', String(pid), `--fsize=${limit}:unlimited`]);
};

describe('/health/ready when the SQLite event store cannot be written (compiled API; needs npm run build)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'faults-unwritable-ready-'));
  const store = join(dataDir, 'events.sqlite');
  const operator = `Bearer ${signToken(TEST_SECRET, 'operator-1', 'operator')}`;
  let api: ApiProcess | null = null;

  afterAll(async () => {
    await api?.stop('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  const ready = async (): Promise<Ready> => {
    const res = await request(api!.url).get('/health/ready');
    return { status: res.status, body: res.body };
  };
  const readyWhen = async (accept: (r: Ready) => boolean, what: string): Promise<Ready> => {
    let last: Ready | null = null;
    await waitFor(
      async () => {
        last = await ready();
        return accept(last);
      },
      what,
      { timeoutMs: 30_000, everyMs: 100 },
    );
    return last!;
  };

  it('answers 503 naming the store while the disk is full, and 200 again once there is room, without a restart', async () => {
    const env = { DATA_DIR: dataDir, JWT_SECRET: TEST_SECRET, SEED_ON_EMPTY_STORE: 'false' };
    api = await ApiProcess.start(env, 'api', 60_000, ['--require', IGNORE_SIGXFSZ]);
    await request(api.url)
      .post('/trials')
      .set('Authorization', operator)
      .send(registerBody(nctIdFor(1)))
      .expect(201);
    const before = await readyWhen((r) => r.status === 200, 'ready before the fault');
    expect(before.body.checks.eventStoreWrites).toEqual({ ok: true, detail: `event store at ${store} took a write` });

    setFileSizeLimit(pidOf(api), '0');
    // No command is sent: the probe's own write finds the fault, not a failed append.
    const full = await readyWhen((r) => r.status === 503, 'readiness to fail on the full disk');
    expect(full.body.failed).toEqual(['eventStoreWrites']);
    expect(full.body.checks.eventStoreWrites.detail).toMatch(
      new RegExp(`^event store at ${store.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} cannot be written: SQLITE_(IOERR|FULL)`),
    );
    expect(full.body.detail).toContain('eventStoreWrites (event store at');
    expect(full.body.checks.eventStore.ok).toBe(true);
    const refused = await request(api.url)
      .post('/trials')
      .set('Authorization', operator)
      .send(registerBody(nctIdFor(2)));
    expect(refused.status).toBe(503);

    setFileSizeLimit(pidOf(api), 'unlimited');
    const back = await readyWhen((r) => r.status === 200, 'readiness back once writes succeed');
    expect(back.body.checks.eventStoreWrites.ok).toBe(true);
    await request(api.url)
      .post('/trials')
      .set('Authorization', operator)
      .send(registerBody(nctIdFor(3)))
      .expect(201);
    const history = await request(api.url).get('/health').expect(200);
    expect(history.body.eventStore.headPosition).toBe(2);
    expect(await api.terminate('SIGTERM')).toEqual({ code: 0, signal: null });
  });
});
