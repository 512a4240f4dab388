import { TestApp, startTestApp } from '../support/test-app';
import { registerBody, siteBody, statusBody } from '../support/trials';

type Answer = { status: number; headers: Record<string, string>; body: Record<string, unknown> };

/** Issue 20, item 4: one message per fault, a Location that answers, and entity tags that are revisions only. */
describe('HTTP details', () => {
  let t: TestApp;
  let operator: string;
  const nctId = 'NCT06171906';

  beforeAll(async () => {
    t = await startTestApp({ bodyLimitBytes: 16 * 1024 });
    operator = t.token('operator');
    await t.http.post('/trials').set('Authorization', operator).send(registerBody(nctId)).expect(201);
  });
  afterAll(() => t.close());

  const postStatus = (body: Record<string, unknown>) => t.http.post(`/trials/${nctId}/status`).set('Authorization', operator).send(body);

  describe('one message per fault', () => {
    it.each([
      ['missing', undefined, 'reason is required'],
      ['empty', '', 'reason should not be empty'],
      ['not a string', 42, 'reason must be a string'],
      ['too long', 'x'.repeat(1001), 'reason must be shorter than or equal to 1000 characters'],
    ])('a %s reason gets exactly one message', async (_case, reason, message) => {
      const res = await postStatus({ ...statusBody('RECRUITING'), reason });
      expect([res.status, res.headers['content-type']]).toEqual([400, expect.stringMatching(/^application\/problem\+json/)]);
      expect(res.body.errors).toEqual([{ field: 'reason', message }]);
      expect(res.body.detail).toBe(`reason: ${message}`);
    });

    it('each faulty field of a body, nested ones included, gets one message, and nothing is appended', async () => {
      const head = await t.store.headPosition();
      const body = registerBody('NCT00000002', { sponsor: { class: 'OTHER' }, enrollment: { count: -1, type: 'ESTIMATED' }, reason: '' });
      const { title: _title, ...withoutTitle } = body;
      const res = await t.http.post('/trials').set('Authorization', operator).send(withoutTitle);
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual(
        expect.arrayContaining([
          { field: 'title', message: 'title is required' },
          { field: 'sponsor.name', message: 'sponsor.name is required' },
          { field: 'enrollment.count', message: 'count must not be less than 0' },
          { field: 'reason', message: 'reason should not be empty' },
        ]),
      );
      const fields = (res.body.errors as { field: string }[]).map((e) => e.field);
      expect(fields).toHaveLength(new Set(fields).size);
      expect(await t.store.headPosition()).toBe(head);
    });
  });

  describe("AddSite's Location", () => {
    it('answers 200 with the site just added, to any role that reads trials', async () => {
      const added = await t.http.post(`/trials/${nctId}/sites`).set('Authorization', operator).send(siteBody('Chongqing')).expect(201);
      const location = added.headers.location;
      expect(location).toBe(`/trials/${nctId}/sites/${added.body.siteId}?minRevision=${added.body.revision}`);
      const site = await t.http.get(location).set('Authorization', t.token('reader')).expect(200);
      expect(site.body).toEqual({
        siteId: added.body.siteId,
        facility: 'Hospital of Chongqing',
        city: 'Chongqing',
        country: 'China',
        status: 'NOT_YET_RECRUITING',
      });
    });

    it('is a 404 problem for an unknown site, a removed site and an unknown trial; 401 without a token', async () => {
      const added = await t.http.post(`/trials/${nctId}/sites`).set('Authorization', operator).send(siteBody('Wuhan')).expect(201);
      const removed = await t.http
        .post(`/trials/${nctId}/sites/${added.body.siteId}/removal`)
        .set('Authorization', operator)
        .send({ reason: 'Site closed before enrolment' })
        .expect(200);
      for (const path of [
        `/trials/${nctId}/sites/site-000000000000`,
        `/trials/${nctId}/sites/${added.body.siteId}?minRevision=${removed.body.revision}`,
        `/trials/NCT99999999/sites/${added.body.siteId}`,
      ]) {
        const res = await t.http.get(path).set('Authorization', operator);
        expect([path, res.status, res.headers['content-type'], res.body.status]).toEqual([
          path,
          404,
          expect.stringMatching(/^application\/problem\+json/),
          404,
        ]);
      }
      await t.http.get(added.headers.location).expect(401);
    });
  });

  describe('entity tags', () => {
    it('no error answer carries an ETag', async () => {
      const auditor = t.token('auditor');
      // The 422 below: this key sent again with another command.
      await postStatus(statusBody('RECRUITING')).set('Idempotency-Key', 'k1').expect(200);
      const errors: [string, Promise<Answer>][] = [
        ['400', postStatus({ status: 'RECRUITING' })],
        ['401', t.http.get(`/trials/${nctId}`)],
        ['403', t.http.post(`/trials/${nctId}/status`).set('Authorization', auditor).send(statusBody('RECRUITING'))],
        ['404', t.http.get('/trials/NCT99999999').set('Authorization', operator)],
        ['404', t.http.get('/nowhere').set('Authorization', operator)],
        ['409', t.http.post('/trials').set('Authorization', operator).send(registerBody(nctId))],
        ['412', postStatus(statusBody('RECRUITING')).set('If-Match', '"1"')],
        [
          '413',
          t.http
            .post(`/trials/${nctId}/sites`)
            .set('Authorization', operator)
            .send(siteBody('X', { reason: 'x'.repeat(20_000) })),
        ],
        ['415', t.http.post('/trials').set('Authorization', operator).set('Content-Type', 'text/plain').send('x')],
        ['422', postStatus(statusBody('COMPLETED', { effectiveDate: '2023-01-01' })).set('Idempotency-Key', 'k1')],
      ];
      for (const [expected, pending] of errors) {
        const res = await pending;
        expect([expected, res.status, res.headers.etag]).toEqual([expected, Number(expected), undefined]);
      }
    });

    it('a success answer carries an ETag only where it is the trial revision', async () => {
      const command = await postStatus(statusBody('ACTIVE_NOT_RECRUITING'));
      expect([command.status, command.headers.etag]).toEqual([200, `"${command.body.revision}"`]);
      const trial = await t.http.get(`/trials/${nctId}`).set('Authorization', operator).expect(200);
      expect(trial.headers.etag).toBe(`"${trial.body.revision}"`);
      for (const path of [
        '/trials',
        `/trials/${nctId}/history`,
        `/trials/${nctId}/state?revision=1`,
        `/trials/${nctId}/verify`,
        `/trials/${nctId}/compliance`,
        `/trials/${nctId}/history/export?format=csv`,
        '/health',
        '/health/ready',
        '/openapi.json',
        '/audit',
      ]) {
        const res = await t.http.get(path).set('Authorization', operator);
        expect([path, res.status, res.headers.etag]).toEqual([path, 200, undefined]);
      }
    });
  });
});
