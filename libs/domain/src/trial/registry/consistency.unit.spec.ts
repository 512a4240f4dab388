import { CheckedRecord, consistencyProblems, newProblems } from './consistency';

const sound: CheckedRecord = {
  studyType: 'INTERVENTIONAL',
  phases: ['PHASE2'],
  status: 'RECRUITING',
  whyStopped: null,
  enrollment: { count: 40, type: 'ESTIMATED' },
  startDate: { date: '2024-01', type: 'ACTUAL' },
  primaryCompletionDate: { date: '2026-06', type: 'ESTIMATED' },
  completionDate: { date: '2026-12', type: 'ESTIMATED' },
};

const codes = (record: Partial<CheckedRecord>, today: string | null = '2025-06-01') =>
  consistencyProblems({ ...sound, ...record }, today).map((p) => [p.code, p.severity, p.field]);

describe('PRS-style consistency problems', () => {
  it('finds none in a sound record', () => {
    expect(codes({})).toEqual([]);
  });

  it.each<[string, Partial<CheckedRecord>, string[]]>([
    ['an ACTUAL date after today', { startDate: { date: '2025-07', type: 'ACTUAL' } }, ['ACTUAL_DATE_IN_FUTURE', 'ERROR', 'startDate']],
    [
      'a start after the primary completion',
      { startDate: { date: '2026-07', type: 'ESTIMATED' } },
      ['START_AFTER_COMPLETION', 'ERROR', 'startDate'],
    ],
    ['phases on an observational study', { studyType: 'OBSERVATIONAL' }, ['PHASES_ON_OBSERVATIONAL', 'ERROR', 'phases']],
    [
      'WITHDRAWN with an actual enrollment',
      { status: 'WITHDRAWN', whyStopped: 'Sponsor', enrollment: { count: 3, type: 'ACTUAL' } },
      ['WITHDRAWN_WITH_ENROLLMENT', 'ERROR', 'enrollment'],
    ],
    ['a stopped status without whyStopped', { status: 'TERMINATED', whyStopped: ' ' }, ['STOPPED_WITHOUT_REASON', 'ERROR', 'whyStopped']],
  ])('%s is an ERROR', (_, record, expected) => {
    expect(codes(record)).toContainEqual(expected);
  });

  it.each<[string, Partial<CheckedRecord>, string[]]>([
    [
      'a completed study whose primary completion is not ACTUAL',
      { status: 'COMPLETED' },
      ['CLOSED_WITHOUT_ACTUAL_COMPLETION', 'WARNING', 'primaryCompletionDate'],
    ],
    [
      'an estimated enrollment after an ACTUAL primary completion',
      { primaryCompletionDate: { date: '2025-01', type: 'ACTUAL' } },
      ['ENROLLMENT_NOT_ACTUAL', 'WARNING', 'enrollment'],
    ],
  ])('%s is a WARNING', (_, record, expected) => {
    expect(codes(record)).toEqual([expected]);
  });

  it('leaves the future check out without a date to judge against', () => {
    expect(codes({ startDate: { date: '2025-07', type: 'ACTUAL' } }, null)).toEqual([]);
  });

  it('tells apart the problems a change brought in from those the record already had', () => {
    const before = consistencyProblems({ ...sound, studyType: 'OBSERVATIONAL' }, null);
    const after = consistencyProblems({ ...sound, studyType: 'OBSERVATIONAL', status: 'SUSPENDED' }, null);
    expect(newProblems(before, after).map((p) => p.code)).toEqual(['STOPPED_WITHOUT_REASON']);
  });
});
