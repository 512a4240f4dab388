import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { TrialCommandExecutor, importPath } from '@trial-ledger/trials';
import { TestApp, startTestApp } from '../support/test-app';
import { registerBody, statusBody } from '../support/trials';

const DAY = 86_400_000;
const SHARED = resolve(__dirname, '../../../shared/ctgov');
const SEEDS = resolve(__dirname, '../../seeds');
const AS_OF = '2026-12-01';

type Raw = { protocolSection: { statusModule: Record<string, any>; identificationModule: { nctId: string } } };
const records: Raw[] = readdirSync(SHARED)
  .filter((f) => /^NCT\d{8}\.json$/.test(f))
  .map((f) => JSON.parse(readFileSync(join(SHARED, f), 'utf8')));
const OPEN = ['NOT_YET_RECRUITING', 'RECRUITING', 'ENROLLING_BY_INVITATION', 'ACTIVE_NOT_RECRUITING'];

/** What the registry itself would say, computed from the raw record alone, independently of the ledger's code. */
const expectedFor = (raw: Raw) => {
  const s = raw.protocolSection.statusModule;
  const verified = s.statusVerifiedDate as string;
  const [y, m] = verified.split('-').map(Number);
  const monthsSince = (2026 - y) * 12 + (12 - m);
  const closed = !OPEN.includes(s.overallStatus) && s.overallStatus !== 'SUSPENDED' && s.overallStatus !== 'UNKNOWN';
  return {
    derivedUnknown: OPEN.includes(s.overallStatus) && monthsSince >= 24,
    verificationOverdue: !closed && monthsSince > 12,
  };
};

describe('compliance reports as of a date: GET /trials/{nctId}/compliance and GET /compliance', () => {
  let t: TestApp;
  let auditor: string;

  beforeAll(async () => {
    t = await startTestApp();
    auditor = t.token('auditor');
    const executor = t.app.get(TrialCommandExecutor);
    expect((await importPath(executor, SHARED, 'tester')).issues).toEqual([]);
    await importPath(executor, SEEDS, 'tester');
  });
  afterAll(() => t.close());

  const get = (path: string) => t.http.get(path).set('Authorization', auditor);

  it('lists no import artefacts for the real records and the seeds: nothing late, since no change was seen happening', async () => {
    const overview = await get(`/compliance?asOf=${AS_OF}&limit=100&minPosition=${await t.store.headPosition()}`);
    expect(overview.status).toBe(200);
    expect(overview.body).toMatchObject({ asOf: AS_OF, totals: { trials: records.length + 5, lateRecords: 0 } });
  });

  it.each(records.map((r) => [r.protocolSection.identificationModule.nctId, r] as const))(
    '%s: verification and derived UNKNOWN as the registry would judge them from its statusVerifiedDate',
    async (nctId, raw) => {
      const report = await get(`/trials/${nctId}/compliance?asOf=${AS_OF}`);
      const expected = expectedFor(raw);
      expect({
        derivedUnknown: report.body.status.derivedUnknownSince !== null,
        verificationOverdue: report.body.verification.overdue,
        lastVerified: report.body.verification.lastVerified,
      }).toEqual({ ...expected, lastVerified: raw.protocolSection.statusModule.statusVerifiedDate });
    },
  );

  it('judges as of an earlier date only what the registry had posted by then', async () => {
    const [raw] = records;
    const nctId = raw.protocolSection.identificationModule.nctId;
    const posted = raw.protocolSection.statusModule.lastUpdatePostDateStruct.date as string;
    const before = await get(`/trials/${nctId}/compliance?asOf=${Number(posted.slice(0, 4)) - 1}`);
    expect(before.status).toBe(404);
    expect((await get(`/trials/${nctId}/compliance?asOf=${posted}`)).body).toMatchObject({ asOf: posted, revision: 1 });
  });

  it('refuses an asOf that is not a date, naming the field', async () => {
    for (const path of [
      '/compliance?asOf=yesterday',
      `/trials/${records[0].protocolSection.identificationModule.nctId}/compliance?asOf=2024-13`,
    ]) {
      const answer = await get(path);
      expect([answer.status, answer.body.errors]).toEqual([400, [expect.objectContaining({ field: 'asOf' })]]);
    }
  });

  it('flags an operator status change recorded more than 30 days after it took effect, by the recorded time', async () => {
    const op = t.token('operator');
    await t.http.post('/trials').set('Authorization', op).send(registerBody('NCT01010101')).expect(201);
    t.clock.advance(40 * DAY);
    const effective = new Date(t.clock.now().getTime() - 35 * DAY).toISOString().slice(0, 10);
    await t.http
      .post('/trials/NCT01010101/status')
      .set('Authorization', op)
      .send(statusBody('RECRUITING', { effectiveDate: effective }))
      .expect(200);
    const report = await get('/trials/NCT01010101/compliance');
    expect(report.body.lateRecords).toEqual([
      expect.objectContaining({ source: 'operator', field: 'status', businessDate: effective, daysLate: 35 }),
    ]);
  });
});
