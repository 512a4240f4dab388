import { RecordedEvent } from '@trial-ledger/event-store';
import { DEFAULT_UNKNOWN_POLICY, UnknownPolicy } from '@trial-ledger/domain';
import { nctIdOfStream } from '@trial-ledger/ledger';
import { ProjectionHandler } from '../ports/read-model.port';
import { TrialComplianceReadModel } from '../trial-compliance/trial-compliance.port';
import { ComplianceTotals } from '../trial-compliance/trial-compliance.today';
import { ComplianceFindings, isoStart } from '../trial-compliance/trial-compliance.projection';
import { reportedDateOf } from '../trial-compliance/rules/compliance-dates';
import { complianceStreams } from './compliance-streams';

/**
 * The reports of libs/compliance, handed in by the spec: that library imports the read side, so a helper of the
 * read side importing it would make a loop of folders.
 */
export interface ComplianceReports<R extends { nctId: string }, S> {
  complianceReport(nctId: string, events: readonly RecordedEvent[], asOf: string, now: Date, policy: UnknownPolicy): R;
  complianceReportFromFindings(findings: ComplianceFindings, asOf: string, now: Date, policy: UnknownPolicy): R;
  complianceTotals(reports: readonly R[]): ComplianceTotals;
  summarizeCompliance(report: R): S;
}

/** A fresh, empty read side holding the trial-compliance projection. */
export interface TrialComplianceFixture {
  projection: ProjectionHandler;
  readModel: TrialComplianceReadModel;
  cleanup(): Promise<void> | void;
}

const TODAY = '2026-06-15';
const DAY = 86_400_000;
const daysAfter = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00.000Z`) + days * DAY).toISOString().slice(0, 10);

/** The days and policies every answer is compared on: a final status the policy calls open, and a verification lapsing first. */
const DAYS = [TODAY, daysAfter(TODAY, 1), daysAfter(TODAY, 200), daysAfter(TODAY, 800)];
const POLICIES: UnknownPolicy[] = [
  DEFAULT_UNKNOWN_POLICY,
  { openStatuses: ['RECRUITING', 'COMPLETED', 'SUSPENDED', 'UNKNOWN'], monthsWithoutVerification: 7 },
  { openStatuses: ['NOT_YET_RECRUITING', 'ACTIVE_NOT_RECRUITING'], monthsWithoutVerification: 30 },
];

const streamsOf = (log: RecordedEvent[]): Map<string, RecordedEvent[]> => {
  const streams = new Map<string, RecordedEvent[]>();
  for (const e of log) {
    const id = nctIdOfStream(e.streamId) as string;
    streams.set(id, [...(streams.get(id) ?? []), e]);
  }
  return new Map([...streams].sort(([a], [b]) => (a < b ? -1 : 1)));
};

/** Batches of uneven sizes, so that one batch holds many trials and one trial spans batches. */
const batchesOf = (log: RecordedEvent[]): RecordedEvent[][] => {
  const batches: RecordedEvent[][] = [];
  for (let start = 0, size = 1; start < log.length; start += size, size = (size * 7) % 113) batches.push(log.slice(start, start + size));
  return batches;
};

export const describeTrialComplianceContract = <R extends { nctId: string }, S>(
  reports: ComplianceReports<R, S>,
  engine: string,
  open: () => Promise<TrialComplianceFixture> | TrialComplianceFixture,
): void => {
  describe(`${engine} trial-compliance read model: the findings answer for today exactly as a replay`, () => {
    let fx: TrialComplianceFixture;
    const log = complianceStreams({ trials: 160, seed: 17, today: TODAY });
    const streams = streamsOf(log);
    const { complianceReportFromFindings, complianceTotals, summarizeCompliance } = reports;
    /** The replay path's answers for one day and policy: every trial's report from its own events. */
    const replayed = (today: string, policy: UnknownPolicy): R[] => {
      const now = new Date(`${today}T09:30:00.000Z`);
      return [...streams].map(([id, events]) => reports.complianceReport(id, events, today, now, policy));
    };

    beforeEach(async () => {
      fx = await open();
    });
    afterEach(async () => {
      await fx.cleanup();
    });

    const feed = async (projection: ProjectionHandler) => {
      for (const batch of batchesOf(log)) await projection.handle(batch);
    };

    /** Each trial's report, the totals and a page, for each day and policy, against the replay. */
    const expectReplayAnswers = async (days = DAYS, policies = POLICIES) => {
      for (const today of days) {
        for (const policy of policies) {
          const reports = replayed(today, policy);
          const now = new Date(`${today}T09:30:00.000Z`);
          for (const expected of reports) {
            const findings = await fx.readModel.findings(expected.nctId);
            expect(findings && complianceReportFromFindings(findings, today, now, policy)).toEqual(expected);
          }
          expect(await fx.readModel.totals(today, policy)).toEqual(complianceTotals(reports));
          const page = await fx.readModel.page(37, 50);
          expect(page.map((f) => summarizeCompliance(complianceReportFromFindings(f, today, now, policy)))).toEqual(
            reports.slice(50, 87).map(summarizeCompliance),
          );
        }
      }
    };

    it('is fed varied trials: every finding occurs, and none in every trial', () => {
      const totals = complianceTotals(replayed(TODAY, DEFAULT_UNKNOWN_POLICY));
      const { trials, daysByStatus, ...counts } = totals;
      expect(trials).toBe(streams.size);
      expect(trials).toBeGreaterThan(150);
      for (const [name, n] of Object.entries(counts))
        expect([name, n > 0 && n < (name === 'lateRecords' ? Infinity : trials)]).toEqual([name, true]);
      expect(Object.keys(daysByStatus).length).toBeGreaterThan(6);
    });

    it('answers each trial, the totals and a page as the replay does, on several days and under several policies', async () => {
      await feed(fx.projection);
      expect(await fx.projection.checkpoint()).toBe(log.length);
      await expectReplayAnswers();
    }, 120_000);

    it('changes nothing when batches are delivered again', async () => {
      await feed(fx.projection);
      await fx.projection.handle(log.slice(0, 500));
      await fx.projection.handle(log);
      await expectReplayAnswers([TODAY, DAYS[3]], POLICIES.slice(0, 2));
    }, 120_000);

    it('gives the same answers after a write-behind rebuild that writes every few hundred events', async () => {
      await feed(fx.projection);
      await fx.projection.reset();
      expect(await fx.readModel.totals(TODAY, DEFAULT_UNKNOWN_POLICY)).toMatchObject({ trials: 0, lateRecords: 0 });
      const rebuilder = fx.projection.rebuilder({ flushEvery: 300 });
      for (const batch of batchesOf(log)) await rebuilder.apply(batch);
      await rebuilder.finish();
      await expectReplayAnswers([TODAY, DAYS[3]], POLICIES.slice(0, 2));
    }, 120_000);

    it('counts the trials holding a fact made public after a day, which the findings cannot answer for', async () => {
      await feed(fx.projection);
      const early = daysAfter(TODAY, -200);
      const publishedAfter = (events: RecordedEvent[]) =>
        events.some((e) => {
          const reported = reportedDateOf(e);
          return reported !== null && isoStart(reported) > early;
        });
      const expected = [...streams.values()].filter(publishedAfter).length;
      expect(expected).toBeGreaterThan(0);
      expect(await fx.readModel.reportedAfter(early)).toBe(expected);
      expect(await fx.readModel.reportedAfter(TODAY)).toBe(0);
    });
  });
};
