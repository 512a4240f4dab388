import { BenchAppModule } from '../../bench/app/bench-app.module';
import { TestApp, startTestApp } from '../support/test-app';
import { registerBody } from '../support/trials';

const NCT_ID = 'NCT06171906';
const ROUTE = `/bench/noop/trials/${NCT_ID}/enrollment`;
const BODY = { count: 120, type: 'ESTIMATED', reason: 'Benchmark request' };
const RATE_LIMIT = 10;

describe('the benchmark no-op command route', () => {
  describe('in the product API', () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await startTestApp();
    });
    afterAll(() => t.close());

    it('does not exist, even for an operator', async () => {
      await t.http.post(ROUTE).set('Authorization', t.token('operator')).send(BODY).expect(404);
    });
  });

  // The bench's own app (bench/app), built by the API's createApp as the http suites' server is.
  describe('in the benchmark app', () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await startTestApp({ rootModule: BenchAppModule.forRoot, rateLimitPerMinute: RATE_LIMIT });
    });
    afterAll(() => t.close());

    it('answers a valid command like the real route does, and appends nothing', async () => {
      const res = await t.http.post(ROUTE).set('Authorization', t.token('operator')).send(BODY).expect(200);
      expect(res.headers.etag).toMatch(/^"\d+"$/);
      expect(res.body).toMatchObject({ nctId: NCT_ID, eventIds: [], replayed: false });
      expect(await t.store.headPosition()).toBe(0);
    });

    it('goes through the same authentication, role check and validation as a command', async () => {
      await t.http.post(ROUTE).send(BODY).expect(401);
      await t.http.post(ROUTE).set('Authorization', t.token('reader')).send(BODY).expect(403);
      const invalid = await t.http
        .post(ROUTE)
        .set('Authorization', t.token('operator'))
        .send({ ...BODY, extra: 1 })
        .expect(400);
      expect(invalid.headers['content-type']).toMatch(/^application\/problem\+json/);
      await t.http.post('/bench/noop/trials/NCT1/enrollment').set('Authorization', t.token('operator')).send(BODY).expect(400);
    });

    it('goes through the same rate limit as a command', async () => {
      const flooder = t.token('operator', 'flooder');
      for (let i = 0; i < RATE_LIMIT; i += 1) await t.http.post(ROUTE).set('Authorization', flooder).send(BODY).expect(200);
      const refused = await t.http.post(ROUTE).set('Authorization', flooder).send(BODY).expect(429);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    });

    it('serves the real command routes beside it, which do append', async () => {
      const operator = t.token('operator', 'real-commands');
      await t.http.post('/trials').set('Authorization', operator).send(registerBody(NCT_ID)).expect(201);
      const head = await t.store.headPosition();
      await t.http.post(`/trials/${NCT_ID}/enrollment`).set('Authorization', operator).send(BODY).expect(200);
      expect(await t.store.headPosition()).toBeGreaterThan(head);
    });
  });
});
