import { TestApp, startTestApp } from '../support/test-app';
import { registerBody, siteBody, statusBody } from '../support/trials';

describe('commands over HTTP', () => {
  let t: TestApp;
  let operator: string;

  beforeEach(async () => {
    t = await startTestApp();
    operator = t.token('operator', 'alice');
  });
  afterEach(() => t.close());

  it('registers a trial: 201 with Location, ETag and the new revision', async () => {
    const res = await t.http.post('/trials').set('Authorization', operator).send(registerBody());
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe('/trials/NCT06171906');
    expect(res.headers.etag).toBe('"1"');
    expect(res.body).toMatchObject({ nctId: 'NCT06171906', revision: 1, position: 1, replayed: false });
    const [event] = await t.store.readStream('trial-NCT06171906');
    expect(event.type).toBe('TrialRegistered');
    expect(event.data).toMatchObject({ nctId: 'NCT06171906', status: 'NOT_YET_RECRUITING', phases: ['PHASE4'] });
  });

  it('records the authenticated caller, UTC time, reason, effective date and ids on every event', async () => {
    await t.http.post('/trials').set('Authorization', operator).set('X-Correlation-Id', 'flow-7').send(registerBody());
    t.clock.advance(60_000);
    await t.http.post('/trials/NCT06171906/status').set('Authorization', operator).send(statusBody('RECRUITING'));
    const events = await t.store.readStream('trial-NCT06171906');
    expect(events[0].metadata).toMatchObject({
      actor: 'alice',
      role: 'operator',
      recordedAt: '2025-01-15T10:00:00.000Z',
      reason: 'Protocol approved',
      correlationId: 'flow-7',
    });
    expect(events[1].metadata).toMatchObject({
      actor: 'alice',
      role: 'operator',
      recordedAt: '2025-01-15T10:01:00.000Z',
      effectiveDate: '2024-02-01',
      reason: 'Moved to RECRUITING',
    });
    const m = events[1].metadata;
    expect(m.eventId).toBe(events[1].eventId);
    expect(m.causationId).toBe(m.commandId);
    expect(m.correlationId).toBe(m.commandId);
  });

  it('changes status, adds a site and changes its status, updates enrollment and dates', async () => {
    await t.http.post('/trials').set('Authorization', operator).send(registerBody());
    const status = await t.http.post('/trials/NCT06171906/status').set('Authorization', operator).send(statusBody('RECRUITING'));
    expect(status.status).toBe(200);
    expect(status.headers.etag).toBe('"2"');
    const site = await t.http.post('/trials/NCT06171906/sites').set('Authorization', operator).send(siteBody('Chongqing'));
    expect(site.status).toBe(201);
    expect(site.body.siteId).toMatch(/^site-[0-9a-f]{12}$/);
    expect(site.headers.location).toBe(`/trials/NCT06171906/sites/${site.body.siteId}?minRevision=${site.body.revision}`);
    const siteStatus = await t.http
      .post(`/trials/NCT06171906/sites/${site.body.siteId}/status`)
      .set('Authorization', operator)
      .send({ status: 'RECRUITING', effectiveDate: '2024-02-10', reason: 'First patient screened' });
    expect(siteStatus.status).toBe(200);
    const enrollment = await t.http
      .post('/trials/NCT06171906/enrollment')
      .set('Authorization', operator)
      .send({ count: 12, type: 'ACTUAL', effectiveDate: '2024-06', reason: 'Interim count' });
    expect(enrollment.status).toBe(200);
    const dates = await t.http
      .post('/trials/NCT06171906/dates')
      .set('Authorization', operator)
      .send({ startDate: { date: '2024-02-01', type: 'ACTUAL' }, reason: 'Start confirmed' });
    expect(dates.body.revision).toBe(6);

    const trial = await t.http.get('/trials/NCT06171906?minRevision=6').set('Authorization', operator);
    expect(trial.status).toBe(200);
    expect(trial.headers.etag).toBe('"6"');
    expect(trial.body).toMatchObject({
      status: 'RECRUITING',
      revision: 6,
      enrollment: { count: 12, type: 'ACTUAL' },
      startDate: { date: '2024-02-01', type: 'ACTUAL' },
      completionDate: { date: '2028-11-01', type: 'ESTIMATED' },
      sites: [{ siteId: site.body.siteId, city: 'Chongqing', status: 'RECRUITING' }],
    });
  });

  it('refuses UNKNOWN, which the registry derives, and appends nothing', async () => {
    await t.http.post('/trials').set('Authorization', operator).send(registerBody());
    await t.http.post('/trials/NCT06171906/status').set('Authorization', operator).send(statusBody('RECRUITING'));
    const head = await t.store.headPosition();
    const refused = await t.http.post('/trials/NCT06171906/status').set('Authorization', operator).send(statusBody('UNKNOWN'));
    expect([refused.status, refused.body.detail]).toEqual([409, expect.stringContaining('derived by the registry')]);
    expect(await t.store.headPosition()).toBe(head);
  });

  it('refuses a change that would leave a PRS error (422, naming the field) and appends nothing', async () => {
    await t.http.post('/trials').set('Authorization', operator).send(registerBody());
    const head = await t.store.headPosition();
    const refused = await t.http
      .post('/trials/NCT06171906/dates')
      .set('Authorization', operator)
      .send({ startDate: { date: '2029-01-01', type: 'ESTIMATED' }, reason: 'Start postponed' });
    expect([refused.status, refused.body.detail]).toEqual([422, expect.stringContaining('startDate')]);
    expect(await t.store.headPosition()).toBe(head);
  });

  it('refuses to register a trial as UNKNOWN, naming the field', async () => {
    const refused = await t.http
      .post('/trials')
      .set('Authorization', operator)
      .send(registerBody('NCT06171906', { status: 'UNKNOWN' }));
    expect([refused.status, refused.body.errors]).toEqual([400, [expect.objectContaining({ field: 'status' })]]);
  });

  it('edits details, renames a facility and removes a site, each in the history with its reason', async () => {
    await t.http.post('/trials').set('Authorization', operator).send(registerBody());
    const site = await t.http.post('/trials/NCT06171906/sites').set('Authorization', operator).send(siteBody('Chongqing')).expect(201);
    await t.http
      .post('/trials/NCT06171906/details')
      .set('Authorization', operator)
      .send({ title: 'MSC for PGF', collaborators: [{ name: 'Xinqiao Hospital' }], reason: 'Amendment 2' })
      .expect(200);
    const empty = await t.http.post('/trials/NCT06171906/details').set('Authorization', operator).send({ title: '', reason: 'Oops' });
    expect([empty.status, empty.body.errors]).toEqual([400, [expect.objectContaining({ field: 'title' })]]);
    await t.http
      .post(`/trials/NCT06171906/sites/${site.body.siteId}/facility`)
      .set('Authorization', operator)
      .send({ facility: 'Xinqiao Hospital, Hematology', reason: 'Renamed' })
      .expect(200);
    const renamed = await t.http.get(`/trials/NCT06171906?minRevision=4`).set('Authorization', operator);
    expect(renamed.body).toMatchObject({
      title: 'MSC for PGF',
      collaborators: [{ name: 'Xinqiao Hospital' }],
      sites: [{ siteId: site.body.siteId, facility: 'Xinqiao Hospital, Hematology' }],
    });
    const removed = await t.http
      .post(`/trials/NCT06171906/sites/${site.body.siteId}/removal`)
      .set('Authorization', operator)
      .send({ reason: 'Site withdrew' });
    expect(removed.status).toBe(200);
    const history = await t.http.get(`/trials/NCT06171906/history?minRevision=${removed.body.revision}`).set('Authorization', operator);
    expect(history.body.entries.slice(-3).map((e: { type: string; reason: string }) => [e.type, e.reason])).toEqual([
      ['TrialDetailsUpdated', 'Amendment 2'],
      ['SiteRenamed', 'Renamed'],
      ['SiteRemoved', 'Site withdrew'],
    ]);
    expect((await t.http.get('/trials/NCT06171906?minRevision=5').set('Authorization', operator)).body.sites).toEqual([]);
  });

  it('records a verification, and a reopening only as a correction', async () => {
    await t.http.post('/trials').set('Authorization', operator).send(registerBody());
    const verified = await t.http
      .post('/trials/NCT06171906/verification')
      .set('Authorization', operator)
      .send({ verifiedOn: '2025-01', reason: 'Annual review' });
    expect(verified.status).toBe(200);
    const future = await t.http
      .post('/trials/NCT06171906/verification')
      .set('Authorization', operator)
      .send({ verifiedOn: '2999-01', reason: 'Typo' });
    expect([future.status, future.body.errors]).toEqual([400, [expect.objectContaining({ field: 'verifiedOn' })]]);
    await t.http.post('/trials/NCT06171906/status').set('Authorization', operator).send(statusBody('RECRUITING'));
    await t.http.post('/trials/NCT06171906/status').set('Authorization', operator).send(statusBody('COMPLETED'));
    const reopen = await t.http.post('/trials/NCT06171906/status').set('Authorization', operator).send(statusBody('ACTIVE_NOT_RECRUITING'));
    expect(reopen.status).toBe(409);
    const corrected = await t.http
      .post('/trials/NCT06171906/status')
      .set('Authorization', operator)
      .send({ ...statusBody('ACTIVE_NOT_RECRUITING'), correction: true, reason: 'Follow-up visits resumed' });
    expect(corrected.status).toBe(200);
    const trial = await t.http.get(`/trials/NCT06171906?minRevision=${corrected.body.revision}`).set('Authorization', operator);
    expect(trial.body).toMatchObject({ status: 'ACTIVE_NOT_RECRUITING', statusVerifiedDate: '2025-01' });
  });
});
