import { COMPLIANCE_ASSUMPTIONS, complianceReport, complianceTotals, summarizeCompliance } from './compliance-report';
import { TrialStream } from './compliance.fixtures';

describe('compliance report of a trial and across trials', () => {
  const now = new Date('2025-06-01T00:00:00.000Z');
  const late = new TrialStream('NCT00000001')
    .register('2024-01-01T00:00:00.000Z', '2024-01-01')
    .status('NOT_YET_RECRUITING', 'RECRUITING', '2024-04-01T00:00:00.000Z', '2024-02-01');
  const completed = new TrialStream('NCT00000002')
    .register('2023-01-01T00:00:00.000Z', '2023-01-01')
    .status('NOT_YET_RECRUITING', 'RECRUITING', '2023-01-11T00:00:00.000Z', '2023-01-11')
    .status('RECRUITING', 'COMPLETED', '2023-01-21T00:00:00.000Z', '2023-01-21');

  it('combines the three reports with the current status, the revision, its "now" and the assumptions', () => {
    const report = complianceReport('NCT00000001', late.events, now);
    expect(report).toMatchObject({
      nctId: 'NCT00000001', status: 'RECRUITING', revision: 2, generatedAt: '2025-06-01T00:00:00.000Z',
      timeInStatus: { daysByStatus: { NOT_YET_RECRUITING: 31, RECRUITING: 486 } },
      lateRecords: [{ revision: 2, daysLate: 60 }],
      verification: { lastRecordedAt: '2024-04-01T00:00:00.000Z', required: true, overdue: true },
      assumptions: COMPLIANCE_ASSUMPTIONS,
    });
  });

  it('summarizes each trial and totals over all of them', () => {
    const reports = [complianceReport('NCT00000001', late.events, now), complianceReport('NCT00000002', completed.events, now)];
    expect(reports.map(summarizeCompliance)).toEqual([
      {
        nctId: 'NCT00000001', status: 'RECRUITING', revision: 2, statusSince: '2024-02-01T00:00:00.000Z', daysInStatus: 486,
        lateRecords: 1, lastRecordedAt: '2024-04-01T00:00:00.000Z', verificationOverdue: true,
      },
      {
        nctId: 'NCT00000002', status: 'COMPLETED', revision: 3, statusSince: '2023-01-21T00:00:00.000Z', daysInStatus: 862,
        lateRecords: 0, lastRecordedAt: '2023-01-21T00:00:00.000Z', verificationOverdue: false,
      },
    ]);
    expect(complianceTotals(reports)).toEqual({
      trials: 2, trialsWithLateRecords: 1, lateRecords: 1, verificationOverdue: 1,
      daysByStatus: { NOT_YET_RECRUITING: 41, RECRUITING: 496, COMPLETED: 862 },
    });
  });

  it('refuses a trial without events (the handlers answer 404 before)', () => {
    expect(() => complianceReport('NCT00000003', [], now)).toThrow(/No events/);
  });
});
