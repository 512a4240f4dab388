import { ProjectionRunner } from '@trial-ledger/read-models';
import { TestApp, startTestApp } from '../support/test-app';
import { registerBody } from '../support/trials';
import { waitFor } from '../support/wait-for';

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
        eventStoreWrites: { ok: true, detail: expect.stringMatching(/^event store at .*events\.sqlite took a write$/) },
        readModels: { ok: true, detail: 'lag 0 (max 0)' },
        kafkaRelay: { ok: true, detail: 'disabled' },
        leader: { ok: true, detail: 'read models at the head' },
        projections: { ok: true, detail: 'applying events' },
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
      detail: 'Failed: readModels (lag 1 (max 0))',
      failed: ['readModels'],
      checks: { readModels: { ok: false, detail: 'lag 1 (max 0)' }, eventStore: { ok: true } },
    });
    expect((await t.http.get('/health/live')).status).toBe(200);
    await projections.start();
    await t.http.get('/trials?minPosition=2').set('Authorization', t.token('reader')).expect(200);
    await t.http.get('/health/ready').expect(200);
  });
});

describe('probes: /health/ready when the read models stop with events waiting', () => {
  let t: TestApp;
  beforeAll(async () => {
    // The default lag limit, far above this test's one event: only the stall can fail readiness here.
    t = await startTestApp({ readiness: { readinessStallSeconds: 1 } });
  });
  afterAll(() => t.close());

  it('answers 503 naming the leader once they stood still for READINESS_STALL_SECONDS, whatever the lag, and ready once they move', async () => {
    const projections = t.app.get(ProjectionRunner);
    await projections.stop();
    await t.http.post('/trials').set('Authorization', t.token('operator')).send(registerBody('NCT06171906')).expect(201);
    const first = await t.http.get('/health/ready').expect(200);
    expect(first.body.checks.leader).toEqual({ ok: true, detail: 'read models moving' });

    let last: { status: number; body: { failed?: string[]; checks?: { leader: { detail: string } } } } = { status: 0, body: {} };
    await waitFor(
      async () => {
        last = await t.http.get('/health/ready');
        return last.status === 503;
      },
      'readiness to fail on the stall',
      { timeoutMs: 10_000, everyMs: 100 },
    );
    expect(last.body.failed).toEqual(['leader']);
    expect(last.body.checks?.leader.detail).toMatch(
      /^stalled: the read models have stayed at position 0 for \d+ s \(max 1 s\) with 1 events after it/,
    );

    await projections.start();
    await t.http.get('/trials?minPosition=1').set('Authorization', t.token('reader')).expect(200);
    await t.http.get('/health/ready').expect(200);
  });
});
