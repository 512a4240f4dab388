import { TestApp, startTestApp } from '../support/test-app';
import { registerBody, siteBody, statusBody } from '../support/trials';

const DAY = 86_400_000;
const LATE = 'NCT06171906';
const CLOSED = 'NCT05131412';

describe('compliance reports: GET /trials/{nctId}/compliance and GET /compliance', () => {
  let t: TestApp;
  let auditor: string;
  let lastPosition: number;

  // Recorded times come from the test clock: 2025-01-15T10:00Z, then +40 days, then +10 days.
  beforeAll(async () => {
    t = await startTestApp();
    auditor = t.token('auditor');
    const op = t.token('operator');
    const post = (path: string, body: object) => t.http.post(path).set('Authorization', op).send(body);
    await post('/trials', registerBody(LATE)).expect(201);
    await post('/trials', registerBody(CLOSED, { effectiveDate: '2025-01-10' })).expect(201);
    t.clock.advance(40 * DAY);
    await post(`/trials/${LATE}/status`, statusBody('RECRUITING', { effectiveDate: '2025-01-16' })).expect(200);
    await post(`/trials/${LATE}/sites`, siteBody('Boston', { effectiveDate: '2025-02-20' })).expect(201);
    await post(`/trials/${CLOSED}/status`, statusBody('RECRUITING', { effectiveDate: '2025-02' })).expect(200);
    t.clock.advance(10 * DAY);
    lastPosition = (await post(`/trials/${CLOSED}/status`, statusBody('COMPLETED', { effectiveDate: '2025-03-05' })).expect(200)).body.position;
  });
  afterAll(() => t.close());

  const get = async (path: string, auth = auditor) => {
    const res = await t.http.get(path).set('Authorization', auth);
    expect(res.status).toBe(200);
    return res.body;
  };

  it('reports one trial: time in each status by effective date, the late record, verification due', async () => {
    const report = await get(`/trials/${LATE}/compliance`);
    expect(report).toMatchObject({ nctId: LATE, status: 'RECRUITING', revision: 3, generatedAt: '2025-03-06T10:00:00.000Z' });
    expect(report.timeInStatus.intervals).toEqual([
      expect.objectContaining({ status: 'NOT_YET_RECRUITING', basis: 'recordedAt', from: '2025-01-15T10:00:00.000Z', days: 0.58 }),
      expect.objectContaining({ status: 'RECRUITING', basis: 'effectiveDate', to: '2025-03-06T10:00:00.000Z', open: true, days: 49.42 }),
    ]);
    expect(report.lateRecords).toEqual([{
      revision: 2, type: 'TrialStatusChanged', siteId: null, effectiveDate: '2025-01-16',
      recordedAt: '2025-02-24T10:00:00.000Z', dueBy: '2025-02-15', daysLate: 39,
    }]);
    expect(report.verification).toMatchObject({ lastRevision: 3, dueBy: '2026-02-24T10:00:00.000Z', required: true, overdue: false });
    expect(report.assumptions).toEqual(expect.arrayContaining([expect.stringMatching(/first day/), expect.stringMatching(/fresh verification/)]));
  });

  it('reads a partial effective date as its first day', async () => {
    const report = await get(`/trials/${CLOSED}/compliance`);
    expect(report.timeInStatus.intervals.map((i: { status: string; basis: string; days: number }) => [i.status, i.basis, i.days])).toEqual([
      ['NOT_YET_RECRUITING', 'effectiveDate', 22], ['RECRUITING', 'effectiveDateFirstDay', 32], ['COMPLETED', 'effectiveDate', 1.42],
    ]);
    expect(report.lateRecords).toEqual([]);
  });

  it('flags an open trial with nothing recorded for 12 months, not a completed one, and totals across trials', async () => {
    t.clock.advance(365 * DAY);
    expect((await get(`/trials/${LATE}/compliance`)).verification).toMatchObject({ overdue: true, daysSinceLastRecord: 375 });
    const overview = await get(`/compliance?minPosition=${lastPosition}`);
    expect(overview).toMatchObject({
      generatedAt: '2026-03-06T10:00:00.000Z', total: 2, limit: 20, offset: 0,
      totals: { trials: 2, trialsWithLateRecords: 1, lateRecords: 1, verificationOverdue: 1, daysByStatus: { COMPLETED: 366.42 } },
    });
    expect(overview.items).toEqual([
      expect.objectContaining({ nctId: CLOSED, status: 'COMPLETED', lateRecords: 0, verificationOverdue: false }),
      expect.objectContaining({ nctId: LATE, status: 'RECRUITING', statusSince: '2025-01-16T00:00:00.000Z', lateRecords: 1, verificationOverdue: true }),
    ]);
  });

  it('paginates the summaries while the totals stay over every trial', async () => {
    const page = await get('/compliance?limit=1&offset=1', t.token('operator'));
    expect(page).toMatchObject({ total: 2, limit: 1, offset: 1, totals: { trials: 2 } });
    expect(page.items.map((i: { nctId: string }) => i.nctId)).toEqual([LATE]);
    expect((await t.http.get('/compliance?limit=0').set('Authorization', auditor)).status).toBe(400);
  });

  it('is for operators and auditors only, and answers 404 for an unknown trial', async () => {
    const reader = t.token('reader');
    expect((await t.http.get(`/trials/${LATE}/compliance`).set('Authorization', reader)).status).toBe(403);
    expect((await t.http.get('/compliance').set('Authorization', reader)).status).toBe(403);
    expect((await t.http.get('/compliance')).status).toBe(401);
    expect((await get(`/trials/${LATE}/compliance`, t.token('operator'))).nctId).toBe(LATE);
    const unknown = await t.http.get('/trials/NCT00000001/compliance').set('Authorization', auditor);
    expect(unknown.status).toBe(404);
    expect(unknown.headers['content-type']).toMatch(/problem\+json/);
    expect((await t.http.get('/trials/trial-1/compliance').set('Authorization', auditor)).status).toBe(400);
  });
});
