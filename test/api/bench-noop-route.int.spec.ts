import { TestApp, startTestApp } from '../support/test-app';

const ROUTE = '/bench/noop/trials/NCT06171906/enrollment';
const BODY = { count: 120, type: 'ESTIMATED', reason: 'Benchmark request' };

describe('the benchmark no-op command route', () => {
  describe('by default', () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await startTestApp();
    });
    afterAll(() => t.close());

    it('does not exist', async () => {
      await t.http.post(ROUTE).set('Authorization', t.token('operator')).send(BODY).expect(404);
    });
  });

  describe('with BENCH_NOOP_ROUTE on', () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await startTestApp({ benchNoopRoute: true });
    });
    afterAll(() => t.close());

    it('answers a valid command like the real route does, and appends nothing', async () => {
      const res = await t.http.post(ROUTE).set('Authorization', t.token('operator')).send(BODY).expect(200);
      expect(res.headers.etag).toMatch(/^"\d+"$/);
      expect(res.body).toMatchObject({ nctId: 'NCT06171906', eventIds: [], replayed: false });
      expect(await t.store.headPosition()).toBe(0);
    });

    it('goes through the same authentication, role check and validation as a command', async () => {
      await t.http.post(ROUTE).send(BODY).expect(401);
      await t.http.post(ROUTE).set('Authorization', t.token('reader')).send(BODY).expect(403);
      const invalid = await t.http.post(ROUTE).set('Authorization', t.token('operator')).send({ ...BODY, extra: 1 }).expect(400);
      expect(invalid.headers['content-type']).toMatch(/^application\/problem\+json/);
      await t.http.post('/bench/noop/trials/NCT1/enrollment').set('Authorization', t.token('operator')).send(BODY).expect(400);
    });
  });
});
