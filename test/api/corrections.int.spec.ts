import { TrialCommandExecutor } from '@trial-ledger/trials';
import { TestApp, startTestApp } from '../support/test-app';
import { registerBody, siteBody, statusBody } from '../support/trials';

const NCT = 'NCT06171906';
const STREAM = `trial-${NCT}`;

// 1 registered, 2 a site in a misspelt city, 3 an actual count of 12 that should have been 21.
describe('corrections over HTTP', () => {
  let t: TestApp;
  let operator: string;
  let siteId: string;

  const post = (path: string, body: object, auth = operator) => t.http.post(`/trials/${NCT}${path}`).set('Authorization', auth).send(body);
  const correct = (body: object, auth = operator) => post('/corrections', body, auth);
  const history = async (minRevision: number) =>
    (await t.http.get(`/trials/${NCT}/history?minRevision=${minRevision}`).set('Authorization', t.token('auditor'))).body.entries;
  const fieldsOf = (b: Record<string, unknown>) => [...new Set((b.errors as { field: string }[]).map((e) => e.field))];
  const stateAt = async (revision: number) =>
    (await t.http.get(`/trials/${NCT}/state?revision=${revision}`).set('Authorization', t.token('auditor'))).body.state;

  beforeEach(async () => {
    t = await startTestApp();
    operator = t.token('operator', 'alice');
    await t.http.post('/trials').set('Authorization', operator).send(registerBody()).expect(201);
    siteId = (await post('/sites', siteBody('Chongqin')).expect(201)).body.siteId;
    await post('/enrollment', { count: 12, type: 'ACTUAL', reason: 'Interim count' }).expect(200);
  });
  afterEach(() => t.close());

  it('records a correction as a new event that names the corrected revision and says why; the original stays', async () => {
    const before = await history(3);
    const count = await correct({
      revision: 3,
      corrections: { enrollment: { count: 21, type: 'ACTUAL' } },
      reason: 'Transcription error: site log shows 21',
    });
    expect(count.status).toBe(201);
    expect(count.headers.etag).toBe('"4"');
    expect(count.body).toMatchObject({ nctId: NCT, revision: 4, position: 4, replayed: false });
    const city = await correct({ revision: 2, corrections: { city: 'Chongqing' }, reason: 'City misspelt at entry' });
    expect(city.status).toBe(201);

    const entries = await history(5);
    expect(entries.slice(0, 3)).toEqual(before);
    expect(entries[3]).toMatchObject({
      revision: 4,
      type: 'RecordCorrected',
      actor: 'alice',
      reason: 'Transcription error: site log shows 21',
      data: {
        nctId: NCT,
        correctedRevision: 3,
        correctedType: 'EnrollmentUpdated',
        corrections: { enrollment: { count: 21, type: 'ACTUAL' } },
      },
      changes: [{ field: 'enrollment.count', from: 12, to: 21 }],
    });
    expect(entries[4]).toMatchObject({
      revision: 5,
      type: 'RecordCorrected',
      reason: 'City misspelt at entry',
      data: { correctedRevision: 2, correctedType: 'SiteAdded', siteId, corrections: { city: 'Chongqing' } },
      changes: [{ field: `sites[${siteId}].city`, from: 'Chongqin', to: 'Chongqing' }],
    });
  });

  it('replays the recorded value before the correction and the corrected one after it', async () => {
    await correct({ revision: 3, corrections: { enrollment: { count: 21, type: 'ACTUAL' } }, reason: 'Site log' }).expect(201);
    await correct({ revision: 2, corrections: { city: 'Chongqing' }, reason: 'Misspelt' }).expect(201);
    expect((await stateAt(3)).enrollment).toEqual({ count: 12, type: 'ACTUAL' });
    expect((await stateAt(4)).enrollment).toEqual({ count: 21, type: 'ACTUAL' });
    expect((await stateAt(4)).sites[0]).toMatchObject({ siteId, city: 'Chongqin' });
    expect((await stateAt(5)).sites[0]).toMatchObject({ siteId, city: 'Chongqing', facility: 'Hospital of Chongqin' });
    const current = await t.http.get(`/trials/${NCT}?minRevision=5`).set('Authorization', operator);
    expect(current.body).toMatchObject({ revision: 5, enrollment: { count: 21 }, sites: [{ siteId, city: 'Chongqing' }] });
    // What the decider keeps to decide corrections is its bookkeeping, not a field of the trial.
    expect(current.body).not.toHaveProperty('correctionBasis');
    expect(await stateAt(5)).not.toHaveProperty('correctionBasis');
  });

  it('refuses, appending nothing: a field the event did not record, a status, a field changed since, a missing revision or reason, a reader', async () => {
    await post('/status', statusBody('RECRUITING')).expect(200);
    await post('/enrollment', { count: 15, type: 'ACTUAL', reason: 'Recount' }).expect(200);
    const head = await t.store.headPosition();
    const refusals: [object, number, (body: Record<string, unknown>) => void, string?][] = [
      [
        { revision: 3, corrections: { title: 'Other' }, reason: 'x' },
        422,
        (b) => expect(b).toMatchObject({ fields: ['title'], allowed: ['enrollment'] }),
      ],
      [
        { revision: 4, corrections: { status: 'NOT_YET_RECRUITING' }, reason: 'x' },
        422,
        (b) => {
          expect(b).toMatchObject({ fields: ['status'] });
          expect(b.detail).toContain('a wrong status is put right by a new status change');
        },
      ],
      [
        { revision: 3, corrections: { enrollment: { count: 21, type: 'ACTUAL' } }, reason: 'x' },
        409,
        (b) => {
          expect(b).toMatchObject({ type: expect.stringContaining('correction-superseded'), fields: ['enrollment'] });
          expect(b.detail).toContain('enrollment changed after revision 3');
        },
      ],
      [{ revision: 99, corrections: { city: 'Chongqing' }, reason: 'x' }, 400, (b) => expect(fieldsOf(b)).toEqual(['revision'])],
      [{ revision: 2, corrections: { city: 'Chongqing' } }, 400, (b) => expect(fieldsOf(b)).toEqual(['reason'])],
      [
        { revision: 2, corrections: { city: 'Chongqing', siteId: 'other' }, reason: 'x' },
        400,
        (b) => expect(fieldsOf(b)).toEqual(['corrections.siteId']),
      ],
      [{ revision: 2, corrections: { city: 'Chongqing' }, reason: 'x' }, 403, () => undefined, t.token('reader')],
    ];
    for (const [body, status, check, auth] of refusals) {
      const res = await correct(body, auth);
      expect({ body, status: res.status }).toEqual({ body, status });
      expect(res.headers['content-type']).toMatch(/problem\+json/);
      check(res.body);
    }
    expect(await t.store.headPosition()).toBe(head);
  });

  it('honours If-Match and Idempotency-Key as other commands do', async () => {
    const body = { revision: 2, corrections: { city: 'Chongqing' }, reason: 'Misspelt' };
    expect((await correct(body).set('If-Match', '"2"')).status).toBe(412);
    const first = await correct(body).set('Idempotency-Key', 'fix-city').expect(201);
    // An unrelated change in between must not turn the retry into "a different command".
    await post('/status', statusBody('RECRUITING')).expect(200);
    const retry = await correct(body).set('Idempotency-Key', 'fix-city').expect(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toMatchObject({ revision: first.body.revision, eventIds: first.body.eventIds, replayed: true });
    expect((await correct({ ...body, corrections: { city: 'Chengdu' } }).set('Idempotency-Key', 'fix-city')).status).toBe(422);
    expect(await t.store.streamRevision(STREAM)).toBe(5);
  });

  it('corrects a corrected value again by correcting the original revision', async () => {
    await correct({ revision: 3, corrections: { enrollment: { count: 21, type: 'ACTUAL' } }, reason: 'Site log' }).expect(201);
    const again = await correct({ revision: 4, corrections: { enrollment: { count: 20, type: 'ACTUAL' } }, reason: 'Site log, page 2' });
    expect(again.status).toBe(422);
    expect(again.body.detail).toContain('correct revision 3');
    await correct({ revision: 3, corrections: { enrollment: { count: 20, type: 'ACTUAL' } }, reason: 'Site log, page 2' }).expect(201);
    expect((await stateAt(5)).enrollment).toEqual({ count: 20, type: 'ACTUAL' });
  });

  it('is decided again when the trial changed in between, so a later update is never overwritten', async () => {
    const read = t.store.readStream.bind(t.store);
    let raced = false;
    // The executor reads the stream; another command updates the enrollment before the correction is appended.
    jest.spyOn(t.store, 'readStream').mockImplementation(async (...args) => {
      const events = await read(...args);
      if (!raced) {
        raced = true;
        await t.app
          .get(TrialCommandExecutor)
          .execute(
            { type: 'UpdateEnrollment', data: { nctId: NCT, count: 15, type: 'ACTUAL' } },
            { actor: 'bob', role: 'operator', reason: 'Recount' },
          );
      }
      return events;
    });
    const res = await correct({ revision: 3, corrections: { enrollment: { count: 21, type: 'ACTUAL' } }, reason: 'Site log' });
    expect(res.status).toBe(409);
    expect(res.body.fields).toEqual(['enrollment']);
    expect(await t.store.streamRevision(STREAM)).toBe(4);
  });
});
