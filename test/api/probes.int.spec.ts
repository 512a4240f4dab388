import { ProjectionRunner } from '@trial-ledger/read-models';
import { TestApp, startTestApp } from '../support/test-app';
import { registerBody } from '../support/trials';

describe('probes: /health/live and /health/ready', () => {
  let t: TestApp;

  beforeAll(async () => {
    // A zero read-model lag limit, so the test can make the process unready by holding the projections back.
    t = await startTestApp({ readiness: { readyMaxReadModelLag: 0 } });
    const created = await t.http.post('/trials').set('Authorization', t.token('operator')).send(registerBody('NCT06171906')).expect(201);
    await t.http.get(`/trials?minPosition=${created.body.position}`).set('Authorization', t.token('reader')).expect(200);
  });
  afterAll(() => t.close());

  it('answers live without a token and without looking at any dependency', async () => {
    expect((await t.http.get('/health/live').expect(200)).body).toEqual({ status: 'ok' });
  });

  it('is ready once the read models have caught up, and says why', async () => {
    const res = await t.http.get('/health/ready').expect(200);
    expect(res.body).toEqual({
      ready: true,
      checks: {
        eventStore: { ok: true, detail: 'head 1' },
        readModels: { ok: true, detail: 'lag 0 (max 0)' },
        kafkaRelay: { ok: true, detail: 'disabled' },
      },
    });
  });

  it('answers 503 naming the failed check when the read models fall behind, and ready again once they catch up', async () => {
    const projections = t.app.get(ProjectionRunner);
    await projections.stop();
    await t.http.post('/trials').set('Authorization', t.token('operator')).send(registerBody('NCT05131412')).expect(201);
    const res = await t.http.get('/health/ready').expect(503);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({
      status: 503,
      title: 'Not ready to take traffic',
      detail: 'Failed: readModels',
      failed: ['readModels'],
      checks: { readModels: { ok: false, detail: 'lag 1 (max 0)' }, eventStore: { ok: true } },
    });
    expect((await t.http.get('/health/live')).status).toBe(200);
    await projections.start();
    await t.http.get('/trials?minPosition=2').set('Authorization', t.token('reader')).expect(200);
    await t.http.get('/health/ready').expect(200);
  });
});
