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

  const expectRejected = async (
    res: { status: number; headers: Record<string, string>; body: Record<string, unknown> },
    status: number,
  ) => {
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
    const res = await t.http
      .post('/trials/NCT06171906/status')
      .set('Authorization', operator)
      .send({ ...statusBody('RECRUITING'), actor: 'mallory' });
    await expectRejected(res, 400);
    expect(res.body.errors).toEqual([{ field: 'actor', message: 'property actor should not exist' }]);
  });

  it('400 for malformed JSON, a bad NCT id in the path and a malformed If-Match', async () => {
    const malformed = await t.http
      .post('/trials')
      .set('Authorization', operator)
      .set('Content-Type', 'application/json')
      .send('{"nctId": ');
    await expectRejected(malformed, 400);
    await expectRejected(await t.http.post('/trials/NCT1/status').set('Authorization', operator).send(statusBody('RECRUITING')), 400);
    const ifMatch = await t.http
      .post('/trials/NCT06171906/status')
      .set('Authorization', operator)
      .set('If-Match', 'one')
      .send(statusBody('RECRUITING'));
    await expectRejected(ifMatch, 400);
    expect(ifMatch.body.errors[0].field).toBe('If-Match');
  });

  it('404 for an unknown trial and an unknown site', async () => {
    await expectRejected(
      await t.http.post('/trials/NCT99999999/status').set('Authorization', operator).send(statusBody('RECRUITING')),
      404,
    );
    await expectRejected(await t.http.get('/trials/NCT99999999').set('Authorization', operator), 404);
    const site = await t.http
      .post('/trials/NCT06171906/sites/site-000000000000/status')
      .set('Authorization', operator)
      .send({ status: 'RECRUITING', effectiveDate: '2024-01-01', reason: 'x' });
    await expectRejected(site, 404);
  });

  it('409 for a duplicate registration', async () => {
    await expectRejected(await t.http.post('/trials').set('Authorization', operator).send(registerBody()), 409);
  });

  it('409 for an invalid transition, naming from, to and the allowed targets', async () => {
    const res = await t.http.post('/trials/NCT06171906/status').set('Authorization', operator).send(statusBody('COMPLETED'));
    await expectRejected(res, 409);
    expect(res.body).toMatchObject({
      from: 'NOT_YET_RECRUITING',
      to: 'COMPLETED',
      allowed: expect.arrayContaining(['RECRUITING', 'WITHDRAWN']),
    });
  });

  it('400 when whyStopped is missing for SUSPENDED', async () => {
    const res = await t.http.post('/trials/NCT06171906/status').set('Authorization', operator).send(statusBody('SUSPENDED'));
    await expectRejected(res, 400);
    expect(res.body.errors).toEqual([{ field: 'whyStopped', message: 'is required when the status is SUSPENDED' }]);
  });

  it('412 when If-Match names a stale revision', async () => {
    const res = await t.http
      .post('/trials/NCT06171906/status')
      .set('Authorization', operator)
      .set('If-Match', '"7"')
      .send(statusBody('RECRUITING'));
    await expectRejected(res, 412);
    expect(res.body.currentRevision).toBe(1);
  });

  it('413 for an oversized body', async () => {
    const res = await t.http
      .post('/trials/NCT06171906/sites')
      .set('Authorization', operator)
      .send(siteBody('X', { reason: 'x'.repeat(20_000) }));
    await expectRejected(res, 413);
  });

  it('415 naming application/json for a body of any other media type (issue 20)', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/jsonx']) {
      const res = await t.http.post('/trials').set('Authorization', operator).set('Content-Type', type).send('nctId=NCT00000002');
      await expectRejected(res, 415);
      expect([type, res.body.detail]).toEqual([type, expect.stringContaining('must be application/json')]);
    }
  });

  it('404 problem for an unknown route', async () => {
    await expectRejected(await t.http.get('/nowhere').set('Authorization', operator), 404);
  });

  // Found by test/fuzz/hostile-http.int.spec.ts; each was a 500 or an acceptance before its fix (docs/reliability.md).
  describe('hostile input', () => {
    const rawPost = (path: string, text: string, headers: Record<string, string> = {}) =>
      t.http
        .post(path)
        .set('Authorization', operator)
        .set({ 'Content-Type': 'application/json', ...headers })
        .send(text);
    const fields = (res: { body: { errors?: { field: string }[] } }) => (res.body.errors ?? []).map((e) => e.field);

    it('400 naming __proto__, constructor and prototype keys, which used to be dropped silently and the command accepted', async () => {
      const valid = '"status":"RECRUITING","effectiveDate":"2024-02-01","reason":"r"';
      for (const key of ['__proto__', 'constructor', 'prototype']) {
        const res = await rawPost('/trials/NCT06171906/status', `{"${key}":{"x":1},${valid}}`);
        await expectRejected(res, 400);
        expect(fields(res)).toEqual([key]);
      }
      const nested = await rawPost('/trials', JSON.stringify(registerBody('NCT00000002')).replace('"name":', '"__proto__":{},"name":'));
      await expectRejected(nested, 400);
      expect(fields(nested)).toEqual(['sponsor.__proto__']);
      const query = await t.http.get('/trials?constructor=1').set('Authorization', operator);
      await expectRejected(query, 400);
      expect(fields(query)).toEqual(['constructor']);
    });

    it('400, not 500, for a body nested 5,000 levels deep (the validation pipe recursed until the stack overflowed)', async () => {
      const res = await rawPost('/trials/NCT06171906/dates', `{"reason":"r","startDate":${'['.repeat(5_000)}${']'.repeat(5_000)}}`);
      await expectRejected(res, 400);
      expect(fields(res)[0]).toMatch(/^startDate(\.0)+$/);
    });

    it('400 naming a null field, which @IsOptional let through to the domain (500) or into the log', async () => {
      const dates = await rawPost(
        '/trials/NCT06171906/dates',
        '{"reason":"r","completionDate":{"date":"2029-01","type":"ESTIMATED"},"startDate":null}',
      );
      await expectRejected(dates, 400);
      expect(fields(dates)).toEqual(['startDate']);
      const correction = await rawPost('/trials/NCT06171906/corrections', '{"revision":1,"reason":"r","corrections":{"conditions":null}}');
      await expectRejected(correction, 400);
      expect(fields(correction)).toEqual(['corrections.conditions']);
    });

    it('409, not 500, when a site already has the status (a detail named status overwrote the HTTP status)', async () => {
      const site = await t.http
        .post('/trials/NCT06171906/sites')
        .set('Authorization', operator)
        .send(siteBody('Wuhan', { status: 'RECRUITING' }))
        .expect(201);
      const head = await t.store.headPosition();
      const res = await t.http
        .post(`/trials/NCT06171906/sites/${site.body.siteId}/status`)
        .set('Authorization', operator)
        .send({ status: 'RECRUITING', effectiveDate: '2024-02-01', reason: 'again' });
      expect([res.status, res.body.status, res.body.siteId, await t.store.headPosition()]).toEqual([409, 409, site.body.siteId, head]);
    });

    it('400 naming the body or the path for what cannot be read, instead of a 500 or a 400 without errors', async () => {
      const gzip = await rawPost('/trials/NCT06171906/dates', '{"reason":"r"}', { 'Content-Encoding': 'gzip' });
      expect([gzip.status, fields(gzip)]).toEqual([400, ['(body)']]);
      const malformed = await rawPost('/trials/NCT06171906/dates', 'null');
      expect([malformed.status, fields(malformed)]).toEqual([400, ['(body)']]);
      const path = await t.http.get('/trials/%ff').set('Authorization', operator);
      expect([path.status, path.headers['content-type'], fields(path)]).toEqual([
        400,
        expect.stringMatching(/^application\/problem\+json/),
        ['(path)'],
      ]);
    });
  });
});
