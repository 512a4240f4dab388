import { TestApp, startTestApp } from '../support/test-app';
import { registerBody, siteBody, statusBody } from '../support/trials';

describe('queries: list, history, replay, health and the OpenAPI document', () => {
  let t: TestApp;
  let op: string;
  let auditor: string;

  beforeAll(async () => {
    t = await startTestApp();
    op = t.token('operator', 'olga');
    auditor = t.token('auditor');
    await t.http.post('/trials').set('Authorization', op).send(registerBody('NCT06171906')).expect(201);
    await t.http
      .post('/trials')
      .set('Authorization', op)
      .send(registerBody('NCT05131412', { conditions: ['Pneumonia'], studyType: 'OBSERVATIONAL', phases: [] }))
      .expect(201);
    await t.http
      .post('/trials')
      .set('Authorization', op)
      .send(registerBody('NCT02985346', { conditions: ['Idiopathic Pulmonary Hemosiderosis'] }))
      .expect(201);
    t.clock.advance(3_600_000);
    await t.http.post('/trials/NCT05131412/status').set('Authorization', op).send(statusBody('RECRUITING')).expect(200);
    await t.http.post('/trials/NCT05131412/sites').set('Authorization', op).send(siteBody('Guangzhou')).expect(201);
    t.clock.advance(3_600_000);
    const last = await t.http
      .post('/trials/NCT02985346/sites')
      .set('Authorization', op)
      .send(siteBody('Boston', { country: 'United States' }));
    await t.http.get(`/trials?minPosition=${last.body.position}`).set('Authorization', op).expect(200);
  });
  afterAll(() => t.close());

  it('filters by status, condition and country and paginates', async () => {
    const ids = async (query: string) =>
      (await t.http.get(`/trials?${query}`).set('Authorization', op)).body.items.map((i: { nctId: string }) => i.nctId);
    expect(await ids('status=RECRUITING')).toEqual(['NCT05131412']);
    expect(await ids('condition=pneumo')).toEqual(['NCT05131412']);
    expect(await ids('country=united%20states')).toEqual(['NCT02985346']);
    expect(await ids('country=china')).toEqual(['NCT05131412']);
    const page = await t.http.get('/trials?limit=2&offset=1').set('Authorization', op);
    expect(page.body).toMatchObject({ total: 3, limit: 2, offset: 1 });
    expect(page.body.items.map((i: { nctId: string }) => i.nctId)).toEqual(['NCT05131412', 'NCT06171906']);
    expect((await t.http.get('/trials?status=PAUSED').set('Authorization', op)).status).toBe(400);
    expect((await t.http.get('/trials?limit=1000').set('Authorization', op)).status).toBe(400);
  });

  it('serves the audit history with actor, times, reason and field-level changes', async () => {
    const res = await t.http.get('/trials/NCT05131412/history').set('Authorization', auditor);
    expect(res.status).toBe(200);
    const [registered, status, site] = res.body.entries;
    expect(registered).toMatchObject({
      revision: 1,
      type: 'TrialRegistered',
      actor: 'olga',
      role: 'operator',
      recordedAt: '2025-01-15T10:00:00.000Z',
    });
    expect(status).toMatchObject({
      revision: 2,
      type: 'TrialStatusChanged',
      recordedAt: '2025-01-15T11:00:00.000Z',
      effectiveDate: '2024-02-01',
      reason: 'Moved to RECRUITING',
      changes: [{ field: 'status', from: 'NOT_YET_RECRUITING', to: 'RECRUITING' }],
    });
    expect(site.changes).toEqual(expect.arrayContaining([{ field: `sites[${site.data.siteId}].city`, from: null, to: 'Guangzhou' }]));
  });

  it('replays the state at a revision and as of an instant, from the events', async () => {
    const atOne = await t.http.get('/trials/NCT05131412/state?revision=1').set('Authorization', auditor);
    expect(atOne.body).toMatchObject({ revision: 1, state: { status: 'NOT_YET_RECRUITING', sites: [] } });
    const asOf = await t.http.get('/trials/NCT05131412/state?asOf=2025-01-15T11:30:00Z').set('Authorization', auditor);
    expect(asOf.body).toMatchObject({ revision: 3, recordedAt: '2025-01-15T11:00:00.000Z', state: { status: 'RECRUITING' } });
    const before = await t.http.get('/trials/NCT05131412/state?asOf=2025-01-15T09:00:00Z').set('Authorization', auditor);
    expect(before.status).toBe(404);
    expect((await t.http.get('/trials/NCT05131412/state?revision=9').set('Authorization', auditor)).status).toBe(400);
    expect((await t.http.get('/trials/NCT05131412/state?asOf=yesterday').set('Authorization', auditor)).status).toBe(400);
    expect((await t.http.get('/trials/NCT05131412/state?asOf=2025-02-30T00:00:00Z').set('Authorization', auditor)).status).toBe(400);
    expect((await t.http.get('/trials/NCT05131412/state?asOf=2025-01-15T11:30:00Z&revision=1').set('Authorization', auditor)).status).toBe(
      400,
    );
  });

  it('reports the log head and the read models lag on /health', async () => {
    const res = await t.http.get('/health');
    expect(res.body).toEqual({
      status: 'ok',
      eventStore: { headPosition: 6 },
      readModels: { position: 6, lag: 0 },
      kafkaRelay: { enabled: false },
      worker: { leader: true },
    });
  });

  it('describes every route in the OpenAPI document', async () => {
    const doc = (await t.http.get('/openapi.json')).body;
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/access-log',
      '/access-log/export',
      '/audit/config.json',
      '/compliance',
      '/health',
      '/health/live',
      '/health/ready',
      '/trials',
      '/trials/{nctId}',
      '/trials/{nctId}/compliance',
      '/trials/{nctId}/corrections',
      '/trials/{nctId}/dates',
      '/trials/{nctId}/details',
      '/trials/{nctId}/enrollment',
      '/trials/{nctId}/history',
      '/trials/{nctId}/history/export',
      '/trials/{nctId}/sites',
      '/trials/{nctId}/sites/{siteId}',
      '/trials/{nctId}/sites/{siteId}/facility',
      '/trials/{nctId}/sites/{siteId}/removal',
      '/trials/{nctId}/sites/{siteId}/status',
      '/trials/{nctId}/state',
      '/trials/{nctId}/status',
      '/trials/{nctId}/verification',
      '/trials/{nctId}/verify',
    ]);
  });
});
