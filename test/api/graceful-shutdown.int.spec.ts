import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { signToken } from '@trial-ledger/platform';
import { ApiProcess, healthOver, healthWhen } from '../support/api-process';
import { TEST_SECRET } from '../support/test-app';
import { nctIdFor } from '../support/trial-workload';
import { registerBody } from '../support/trials';

jest.setTimeout(120_000);

const BURST = 200;
// What a client sees for a request the server never took (it had stopped listening): never a started response.
const NOT_ACCEPTED = /ECONNREFUSED|ECONNRESET|EPIPE|socket hang up/;

interface Outcome {
  nctId: string;
  status?: number;
  error?: string;
  answeredAfterSignal: boolean;
}

describe('SIGTERM on the compiled API (needs npm run build)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'graceful-shutdown-'));
  const env = { DATA_DIR: dataDir, JWT_SECRET: TEST_SECRET, SEED_ON_EMPTY_STORE: 'false' };
  const operator = `Bearer ${signToken(TEST_SECRET, 'operator-1', 'operator')}`;
  const auditor = `Bearer ${signToken(TEST_SECRET, 'auditor-1', 'auditor')}`;
  let api: ApiProcess | null = null;

  afterAll(async () => {
    await api?.stop('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Fires the burst, sends SIGTERM once a few commands were answered, and records what every request got. */
  const burstThenTerminate = async (running: ApiProcess) => {
    let signalled = false;
    let answered = 0;
    let terminated: ReturnType<ApiProcess['terminate']> | null = null;
    const send = async (nctId: string): Promise<Outcome> => {
      try {
        const res = await request(running.url).post('/trials').set('Authorization', operator).send(registerBody(nctId));
        return { nctId, status: res.status, answeredAfterSignal: signalled };
      } catch (error) {
        return { nctId, error: String(error), answeredAfterSignal: signalled };
      } finally {
        answered += 1;
        if (answered === 5) {
          signalled = true;
          terminated = running.terminate('SIGTERM');
        }
      }
    };
    const started = Date.now();
    const outcomes = await Promise.all(Array.from({ length: BURST }, (_, i) => send(nctIdFor(i + 1))));
    const exit = await (terminated as unknown as ReturnType<ApiProcess['terminate']>);
    return { outcomes, exit, seconds: (Date.now() - started) / 1000 };
  };

  it('answers the requests it took, exits 0 promptly, and loses no acknowledged command', async () => {
    api = await ApiProcess.start(env);
    const { outcomes, exit, seconds } = await burstThenTerminate(api);
    const acknowledged = outcomes.filter((o) => o.status !== undefined);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(seconds).toBeLessThan(15);
    expect(acknowledged.filter((o) => o.status !== 201)).toEqual([]);
    expect(outcomes.filter((o) => o.error !== undefined && !NOT_ACCEPTED.test(o.error))).toEqual([]);
    // Requests that were in flight when the signal came were drained, not cut.
    expect(acknowledged.filter((o) => o.answeredAfterSignal).length).toBeGreaterThan(0);

    api = await ApiProcess.start(env);
    const http = request(api.url);
    const health = await healthWhen(healthOver(http), (h) => h.readModels.lag === 0);
    const stored: string[] = [];
    for (const { nctId } of outcomes) {
      const history = await http.get(`/trials/${nctId}/history`).set('Authorization', auditor);
      if (history.status === 404) continue;
      expect(history.body.entries).toHaveLength(1);
      stored.push(nctId);
    }
    expect(stored).toEqual(expect.arrayContaining(acknowledged.map((o) => o.nctId)));
    // One event per registration: the read models hold exactly the log, no more, no less.
    expect(health.eventStore.headPosition).toBe(stored.length);
    expect(health.readModels.position).toBe(stored.length);
    expect(await api.terminate()).toEqual({ code: 0, signal: null });
  });
});
