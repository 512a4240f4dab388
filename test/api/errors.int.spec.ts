import { TestApp, startTestApp } from '../support/test-app';
import { registerBody, siteBody, statusBody } from '../support/trials';

/** Every client mistake is a 4xx problem+json that names the field and the reason, and appends nothing. */
describe('errors as problem+json', () => {
  let t: TestApp;
  let operator: string;

  beforeAll(async () => {
    t = await startTestApp({ bodyLimitBytes: 16 * 1024 });
    operator = t.token('operator');
    await t.http.post('/trials').set('Authorization', operator).send(registerBody()).expect(201);
  });
  afterAll(() => t.close());

  const expectRejected = async (res: { status: number; headers: Record<string, string>; body: Record<string, unknown> }, status: number) => {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status, type: expect.stringContaining('/problems/'), title: expect.any(String) });
    expect(await t.store.headPosition()).toBe(1);
  };

  it('400 lists every invalid field with its reason', async () => {
    const body = registerBody('NCT0000', { phases: ['PHASE9'], startDate: { date: '2024-02-30', type: 'ACTUAL' } });
    const res = await t.http.post('/trials').set('Authorization', operator).send(body);
    await expectRejected(res, 400);
    const fields = (res.body.errors as { field: string }[]).map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['nctId', 'phases', 'startDate.date']));
  });

  it('400 naming reason when a change does not say why (the audit trail records a reason for every change)', async () => {
    const { reason: _omitted, ...body } = statusBody('RECRUITING');
    const res = await t.http.post('/trials/NCT06171906/status').set('Authorization', operator).send(body);
    await expectRejected(res, 400);
    expect(new Set((res.body.errors as { field: string }[]).map((e) => e.field))).toEqual(new Set(['reason']));
  });

  it('400 for unknown fields, including an actor smuggled in the body', async () => {
    const res = await t.http.post('/trials/NCT06171906/status').set('Authorization', operator)
      .send({ ...statusBody('RECRUITING'), actor: 'mallory' });
    await expectRejected(res, 400);
    expect(res.body.errors).toEqual([{ field: 'actor', message: 'property actor should not exist' }]);
  });

  it('400 for malformed JSON, a bad NCT id in the path and a malformed If-Match', async () => {
    const malformed = await t.http.post('/trials').set('Authorization', operator).set('Content-Type', 'application/json').send('{"nctId": ');
    await expectRejected(malformed, 400);
    await expectRejected(await t.http.post('/trials/NCT1/status').set('Authorization', operator).send(statusBody('RECRUITING')), 400);
    const ifMatch = await t.http.post('/trials/NCT06171906/status').set('Authorization', operator).set('If-Match', 'one').send(statusBody('RECRUITING'));
    await expectRejected(ifMatch, 400);
    expect(ifMatch.body.errors[0].field).toBe('If-Match');
  });

  it('404 for an unknown trial and an unknown site', async () => {
    await expectRejected(await t.http.post('/trials/NCT99999999/status').set('Authorization', operator).send(statusBody('RECRUITING')), 404);
    await expectRejected(await t.http.get('/trials/NCT99999999').set('Authorization', operator), 404);
    const site = await t.http.post('/trials/NCT06171906/sites/site-000000000000/status').set('Authorization', operator)
      .send({ status: 'RECRUITING', effectiveDate: '2024-01-01', reason: 'x' });
    await expectRejected(site, 404);
  });

  it('409 for a duplicate registration', async () => {
    await expectRejected(await t.http.post('/trials').set('Authorization', operator).send(registerBody()), 409);
  });

  it('409 for an invalid transition, naming from, to and the allowed targets', async () => {
    const res = await t.http.post('/trials/NCT06171906/status').set('Authorization', operator).send(statusBody('COMPLETED'));
    await expectRejected(res, 409);
    expect(res.body).toMatchObject({ from: 'NOT_YET_RECRUITING', to: 'COMPLETED', allowed: expect.arrayContaining(['RECRUITING', 'WITHDRAWN']) });
  });

  it('400 when whyStopped is missing for SUSPENDED', async () => {
    const res = await t.http.post('/trials/NCT06171906/status').set('Authorization', operator).send(statusBody('SUSPENDED'));
    await expectRejected(res, 400);
    expect(res.body.errors).toEqual([{ field: 'whyStopped', message: 'is required when the status is SUSPENDED' }]);
  });

  it('412 when If-Match names a stale revision', async () => {
    const res = await t.http.post('/trials/NCT06171906/status').set('Authorization', operator).set('If-Match', '"7"').send(statusBody('RECRUITING'));
    await expectRejected(res, 412);
    expect(res.body.currentRevision).toBe(1);
  });

  it('413 for an oversized body', async () => {
    const res = await t.http.post('/trials/NCT06171906/sites').set('Authorization', operator).send(siteBody('X', { reason: 'x'.repeat(20_000) }));
    await expectRejected(res, 413);
  });

  it('404 problem for an unknown route', async () => {
    await expectRejected(await t.http.get('/nowhere').set('Authorization', operator), 404);
  });
});
