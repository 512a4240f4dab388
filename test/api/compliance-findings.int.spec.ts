import { resolve } from 'node:path';
import { RecordedEvent } from '@trial-ledger/event-store';
import { nctIdOfStream } from '@trial-ledger/ledger';
import { ProjectionRunner } from '@trial-ledger/read-models';
import {
  NothingKnownError,
  TrialComplianceReport,
  complianceReport,
  complianceTotals,
  summarizeCompliance,
} from '@trial-ledger/compliance';
import { TrialCommandExecutor, importPath } from '@trial-ledger/trials';
import { TestApp, startTestApp } from '../support/test-app';
import { registerBody, statusBody } from '../support/trials';

const DAY = 86_400_000;
const SHARED = resolve(__dirname, '../../../shared/ctgov');
const SEEDS = resolve(__dirname, '../../seeds');

/** Every trial's events, by NCT ID in byte order, as the overview lists them. */
const streamsOf = async (t: TestApp): Promise<[string, RecordedEvent[]][]> => {
  const streams = new Map<string, RecordedEvent[]>();
  for (const e of await t.store.readAll({ after: 0, maxCount: 1_000_000 })) {
    const id = nctIdOfStream(e.streamId);
    if (id) streams.set(id, [...(streams.get(id) ?? []), e]);
  }
  return [...streams].sort(([a], [b]) => (a < b ? -1 : 1));
};

/**
 * Today's reports (no asOf) come from the trial-compliance findings; they must say exactly what a replay of the
 * log says for the same day. The contract spec compares them on generated trials; this one over HTTP on the real
 * records, the seeds and an operator's late change.
 */
describe('compliance reports of today, read from the findings: GET /compliance and GET /trials/{nctId}/compliance', () => {
  let t: TestApp;
  let auditor: string;

  beforeAll(async () => {
    t = await startTestApp();
    auditor = t.token('auditor');
    const executor = t.app.get(TrialCommandExecutor);
    expect((await importPath(executor, SHARED, 'tester')).issues).toEqual([]);
    await importPath(executor, SEEDS, 'tester');
    // The clock past every version the registry posted: today the findings can answer.
    t.clock.advance(Date.parse('2027-01-10T10:00:00.000Z') - t.clock.now().getTime());
    const op = t.token('operator');
    await t.http.post('/trials').set('Authorization', op).send(registerBody('NCT01010101')).expect(201);
    t.clock.advance(40 * DAY);
    const effective = new Date(t.clock.now().getTime() - 35 * DAY).toISOString().slice(0, 10);
    await t.http
      .post('/trials/NCT01010101/status')
      .set('Authorization', op)
      .send(statusBody('RECRUITING', { effectiveDate: effective }))
      .expect(200);
  });
  afterAll(() => t.close());

  const get = (path: string) => t.http.get(path).set('Authorization', auditor);
  const today = () => t.clock.now().toISOString().slice(0, 10);
  const replayed = async () =>
    (await streamsOf(t)).flatMap(([id, events]): TrialComplianceReport[] => {
      try {
        return [complianceReport(id, events, today(), t.clock.now())];
      } catch (error) {
        if (error instanceof NothingKnownError) return [];
        throw error;
      }
    });

  it('answers the overview, totals and page, as a replay of every trial does', async () => {
    const reports = await replayed();
    const overview = await get(`/compliance?limit=4&offset=3&minPosition=${await t.store.headPosition()}`);
    expect(overview.status).toBe(200);
    expect(overview.body).toMatchObject({
      asOf: today(),
      totals: JSON.parse(JSON.stringify(complianceTotals(reports))),
      total: reports.length,
      items: reports.slice(3, 7).map(summarizeCompliance),
    });
    expect(overview.body.totals).toMatchObject({ trials: 12, lateRecords: 1, trialsWithLateRecords: 1 });
  });

  it('replays while a trial holds a fact posted after today (a clock behind the registry), and still answers as a replay', async () => {
    const back = Date.parse('2025-06-01T10:00:00.000Z') - t.clock.now().getTime();
    t.clock.advance(back);
    try {
      const reports = await replayed();
      const overview = await get(`/compliance?limit=5&minPosition=${await t.store.headPosition()}`);
      expect(overview.body).toMatchObject({
        asOf: '2025-06-01',
        totals: JSON.parse(JSON.stringify(complianceTotals(reports))),
        total: reports.length,
        items: reports.slice(0, 5).map(summarizeCompliance),
      });
      expect(reports.length).toBeLessThan(12);
    } finally {
      t.clock.advance(-back);
    }
  });

  it("answers each trial's report as a replay of its events does", async () => {
    for (const expected of await replayed()) {
      const report = await get(`/trials/${expected.nctId}/compliance`);
      expect([report.status, report.body]).toEqual([200, JSON.parse(JSON.stringify(expected))]);
    }
  });

  it('answers a trial from its events while its findings lag; the overview reads the findings, as fresh as minPosition', async () => {
    const late = new Date(t.clock.now().getTime() - 50 * DAY).toISOString().slice(0, 10);
    await t.app.get(ProjectionRunner).stop();
    try {
      await t.http
        .post('/trials/NCT01010101/status')
        .set('Authorization', t.token('operator'))
        .send(statusBody('ACTIVE_NOT_RECRUITING', { effectiveDate: late }))
        .expect(200);
      const report = await get('/trials/NCT01010101/compliance');
      expect([report.body.revision, report.body.lateRecords.length]).toEqual([3, 2]);
      expect((await get('/compliance')).body.totals.lateRecords).toBe(1);
    } finally {
      await t.app.get(ProjectionRunner).start();
    }
    expect((await get(`/compliance?minPosition=${await t.store.headPosition()}`)).body.totals.lateRecords).toBe(2);
  });
});
