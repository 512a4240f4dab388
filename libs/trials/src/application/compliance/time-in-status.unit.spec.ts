import { NCT, TrialStream } from './compliance.fixtures';
import { timeInStatus } from './time-in-status';

describe('time in each status', () => {
  const now = new Date('2025-03-31T00:00:00.000Z');

  it('runs from one status change\'s effective date to the next, the last one open up to now', () => {
    const { events } = new TrialStream()
      .register('2025-01-01T12:00:00.000Z')
      .site('s1', '2025-01-05T09:00:00.000Z', '2025-01-04')
      .status('NOT_YET_RECRUITING', 'RECRUITING', '2025-02-03T08:00:00.000Z', '2025-02-01');
    const report = timeInStatus(events, now);
    expect(report.intervals).toEqual([
      {
        status: 'NOT_YET_RECRUITING', revision: 1, eventType: 'TrialRegistered', effectiveDate: null, basis: 'recordedAt',
        from: '2025-01-01T12:00:00.000Z', to: '2025-02-01T00:00:00.000Z', open: false, days: 30.5, clamped: false,
      },
      {
        status: 'RECRUITING', revision: 3, eventType: 'TrialStatusChanged', effectiveDate: '2025-02-01', basis: 'effectiveDate',
        from: '2025-02-01T00:00:00.000Z', to: '2025-03-31T00:00:00.000Z', open: true, days: 58, clamped: false,
      },
    ]);
    expect(report.daysByStatus).toEqual({ NOT_YET_RECRUITING: 30.5, RECRUITING: 58 });
  });

  it('reads a partial effective date as its first day and says so', () => {
    const { events } = new TrialStream()
      .register('2025-01-10T00:00:00.000Z', '2025-01')
      .status('NOT_YET_RECRUITING', 'RECRUITING', '2025-03-02T00:00:00.000Z', '2025-02');
    const [first, second] = timeInStatus(events, now).intervals;
    expect(first).toMatchObject({ effectiveDate: '2025-01', basis: 'effectiveDateFirstDay', from: '2025-01-01T00:00:00.000Z', days: 31 });
    expect(second).toMatchObject({ effectiveDate: '2025-02', basis: 'effectiveDateFirstDay', from: '2025-02-01T00:00:00.000Z', days: 58 });
  });

  it('adds up the visits to one status (through UNKNOWN and back) per status', () => {
    const { events } = new TrialStream(NCT)
      .register('2025-01-01T00:00:00.000Z', '2025-01-01')
      .status('NOT_YET_RECRUITING', 'RECRUITING', '2025-01-11T00:00:00.000Z', '2025-01-11')
      .status('RECRUITING', 'UNKNOWN', '2025-01-21T00:00:00.000Z', '2025-01-21')
      .status('UNKNOWN', 'RECRUITING', '2025-03-01T00:00:00.000Z', '2025-03-01');
    const report = timeInStatus(events, now);
    expect(report.intervals.map((i) => [i.status, i.days])).toEqual([
      ['NOT_YET_RECRUITING', 10], ['RECRUITING', 10], ['UNKNOWN', 39], ['RECRUITING', 30],
    ]);
    expect(report.daysByStatus).toEqual({ NOT_YET_RECRUITING: 10, RECRUITING: 40, UNKNOWN: 39 });
  });

  it('counts 0 days, marked clamped, where a later change is effective earlier or an effective date is in the future', () => {
    const { events } = new TrialStream()
      .register('2025-01-01T00:00:00.000Z', '2025-02-01')
      .status('NOT_YET_RECRUITING', 'RECRUITING', '2025-01-02T00:00:00.000Z', '2025-01-15')
      .status('RECRUITING', 'ACTIVE_NOT_RECRUITING', '2025-01-03T00:00:00.000Z', '2025-05-01');
    const intervals = timeInStatus(events, now).intervals;
    expect(intervals.map((i) => [i.status, i.days, i.clamped])).toEqual([
      ['NOT_YET_RECRUITING', 0, true], ['RECRUITING', 106, false], ['ACTIVE_NOT_RECRUITING', 0, true],
    ]);
  });

  it('leaves out events that do not change the status', () => {
    const { events } = new TrialStream()
      .register('2025-01-01T00:00:00.000Z', '2025-01-01')
      .enrollment(10, '2025-02-01T00:00:00.000Z', '2025-02-01')
      .siteStatus('s9', 'RECRUITING', '2025-02-02T00:00:00.000Z', '2025-02-02');
    expect(timeInStatus(events, now).intervals).toHaveLength(1);
  });
});
