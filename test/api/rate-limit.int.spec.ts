import jwt from 'jsonwebtoken';
import { TestApp, startTestApp } from '../support/test-app';
import { statusBody } from '../support/trials';

const LIMIT = 5;
// A short window stands in for the minute, so that the test sees the budget come back.
const WINDOW_MS = 1000;

type Res = { status: number; headers: Record<string, string>; body: { status?: number; type?: string } };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('rate limit per client', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ rateLimitPerMinute: LIMIT, rateLimitWindowMs: WINDOW_MS });
  });
  afterAll(() => t.close());

  const expectThrottled = (res: Res): number => {
    expect(res.status).toBe(429);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 429, type: expect.stringContaining('/problems/too-many-requests') });
    const retryAfter = Number(res.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(Math.ceil(WINDOW_MS / 1000));
    return retryAfter;
  };

  it('gives one budget across all routes, answers 429 with Retry-After past it, and recovers', async () => {
    const alice = t.token('auditor', 'alice');
    const paths = ['/trials', '/compliance', '/trials/NCT06171906'];
    for (let i = 0; i < LIMIT; i += 1) {
      const res = await t.http.get(paths[i % paths.length]).set('Authorization', alice);
      expect([200, 404]).toContain(res.status);
    }
    const retryAfter = expectThrottled(await t.http.get('/trials').set('Authorization', alice));
    // A throttled command is refused before it runs.
    const command = await t.http
      .post('/trials/NCT06171906/status')
      .set('Authorization', t.token('operator', 'alice'))
      .send(statusBody('RECRUITING'));
    expectThrottled(command);
    expect(await t.store.headPosition()).toBe(0);
    await sleep(retryAfter * 1000 + 100);
    await t.http.get('/trials').set('Authorization', alice).expect(200);
  });

  it("does not let one client's flood throttle another", async () => {
    const bob = t.token('reader', 'bob');
    const carol = t.token('reader', 'carol');
    for (let i = 0; i < LIMIT; i += 1) await t.http.get('/trials').set('Authorization', bob).expect(200);
    expectThrottled(await t.http.get('/trials').set('Authorization', bob));
    for (let i = 0; i < LIMIT; i += 1) await t.http.get('/trials').set('Authorization', carol).expect(200);
  });

  it('limits callers without a valid token by address, and a forged subject buys no fresh budget', async () => {
    for (let i = 0; i < LIMIT; i += 1) await t.http.get('/trials').expect(401);
    expectThrottled(await t.http.get('/trials'));
    expectThrottled(await t.http.get('/audit'));
    const forged = jwt.sign({ sub: 'fresh-subject', role: 'reader' }, 'not-the-secret-not-the-secret-not-the-secret', { expiresIn: 60 });
    expectThrottled(await t.http.get('/trials').set('Authorization', `Bearer ${forged}`));
    // Clients with a valid token from the same address keep their own budget.
    await t.http.get('/trials').set('Authorization', t.token('reader', 'dave')).expect(200);
  });

  it('never throttles /health, even for an address that is throttled', async () => {
    let last: Res | undefined;
    for (let i = 0; i <= LIMIT; i += 1) last = await t.http.get('/trials');
    expectThrottled(last!);
    for (let i = 0; i < LIMIT * 4; i += 1) await t.http.get('/health').expect(200);
  });
});
