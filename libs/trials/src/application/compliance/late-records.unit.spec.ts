import { TrialStream } from './compliance.fixtures';
import { lateRecords } from './late-records';

describe('records entered after the 30-day update window', () => {
  it('lists status and site changes recorded more than 30 calendar days after their effective date', () => {
    const { events } = new TrialStream()
      .register('2025-01-01T08:00:00.000Z', '2024-06-01')
      .status('NOT_YET_RECRUITING', 'RECRUITING', '2025-03-01T10:00:00.000Z', '2025-01-01')
      .site('s1', '2025-03-01T10:00:00.000Z', '2025-01-15')
      .siteStatus('s1', 'RECRUITING', '2025-03-02T23:59:00.000Z', '2025-01-30');
    expect(lateRecords(events)).toEqual([
      {
        revision: 2, type: 'TrialStatusChanged', siteId: null, effectiveDate: '2025-01-01',
        recordedAt: '2025-03-01T10:00:00.000Z', dueBy: '2025-01-31', daysLate: 59,
      },
      {
        revision: 3, type: 'SiteAdded', siteId: 's1', effectiveDate: '2025-01-15',
        recordedAt: '2025-03-01T10:00:00.000Z', dueBy: '2025-02-14', daysLate: 45,
      },
      {
        revision: 4, type: 'SiteStatusChanged', siteId: 's1', effectiveDate: '2025-01-30',
        recordedAt: '2025-03-02T23:59:00.000Z', dueBy: '2025-03-01', daysLate: 31,
      },
    ]);
  });

  it('counts calendar days: the 30th day is in time at any hour, the 31st is late', () => {
    const { events } = new TrialStream()
      .register('2025-01-01T00:00:00.000Z')
      .status('NOT_YET_RECRUITING', 'RECRUITING', '2025-01-31T23:59:59.999Z', '2025-01-01')
      .status('RECRUITING', 'SUSPENDED', '2025-03-04T00:00:00.000Z', '2025-02-01');
    expect(lateRecords(events).map((r) => [r.revision, r.daysLate])).toEqual([[3, 31]]);
  });

  it('measures a partial effective date from its first day', () => {
    const { events } = new TrialStream()
      .register('2025-01-01T00:00:00.000Z')
      .status('NOT_YET_RECRUITING', 'RECRUITING', '2025-03-05T00:00:00.000Z', '2025-02');
    expect(lateRecords(events)).toEqual([expect.objectContaining({ effectiveDate: '2025-02', dueBy: '2025-03-03', daysLate: 32 })]);
  });

  it('ignores other event types, events without an effective date and a change recorded ahead of its date', () => {
    const { events } = new TrialStream()
      .register('2025-06-01T00:00:00.000Z', '2020-01-01')
      .enrollment(12, '2025-06-01T00:00:00.000Z', '2024-01-01')
      .site('s1', '2025-06-01T00:00:00.000Z')
      .status('NOT_YET_RECRUITING', 'RECRUITING', '2025-06-01T00:00:00.000Z', '2025-07-01');
    expect(lateRecords(events)).toEqual([]);
  });
});
