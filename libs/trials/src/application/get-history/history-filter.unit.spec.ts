import { ProblemException } from '@trial-ledger/platform';
import { historyEntryFixture } from '../../testing/history-entries';
import { appliedFilters, filterHistory } from './history-filter';
import { isInstant, toHistoryFilter } from './history-filter.dto';

describe('history filter', () => {
  // Recorded at 10:00, 11:00, 12:00 and 13:00 on 2025-01-15.
  const entries = [
    historyEntryFixture(1, { type: 'TrialRegistered' }),
    historyEntryFixture(2, { actor: 'registry-sync' }),
    historyEntryFixture(3, { type: 'SiteAdded' }),
    historyEntryFixture(4),
  ];
  const revisions = (filter: Parameters<typeof filterHistory>[1]) => filterHistory(entries, filter).map((e) => e.revision);

  it('keeps everything when nothing is asked', () => {
    expect(revisions({})).toEqual([1, 2, 3, 4]);
  });

  it('filters by event types, by actor (exactly), and by both', () => {
    expect(revisions({ types: ['TrialRegistered', 'SiteAdded'] })).toEqual([1, 3]);
    expect(revisions({ actor: 'registry-sync' })).toEqual([2]);
    expect(revisions({ actor: 'Registry-Sync' })).toEqual([]);
    expect(revisions({ types: ['TrialStatusChanged'], actor: 'olga' })).toEqual([4]);
  });

  it('takes from as inclusive and to as exclusive, so that adjacent windows share no entry', () => {
    const noon = new Date('2025-01-15T12:00:00Z');
    expect(revisions({ from: new Date('2025-01-15T11:00:00Z'), to: noon })).toEqual([2]);
    expect(revisions({ from: noon })).toEqual([3, 4]);
    expect(revisions({ to: noon })).toEqual([1, 2]);
    expect(revisions({ from: new Date('2025-01-15T12:00:00.001Z') })).toEqual([4]);
  });

  it('accepts only real instants with a zone, at most to the millisecond', () => {
    for (const ok of ['2025-01-15T10:00Z', '2025-01-15T10:00:00.123Z', '2024-02-29T23:59:59+05:30']) expect(isInstant(ok)).toBe(true);
    for (const bad of ['2025-01-15', '2025-01-15T10:00:00', '2025-02-30T00:00:00Z', '2025-01-15T24:00:00Z',
      '2025-01-15T10:00:00.1234Z', '2023-02-29T00:00:00Z', 'yesterday', ['2025-01-15T10:00Z']]) expect(isInstant(bad)).toBe(false);
  });

  it('turns the query into a filter in UTC and records it for an export', () => {
    const filter = toHistoryFilter({ type: 'SiteAdded,TrialRegistered,SiteAdded', actor: 'olga', from: '2025-01-15T12:00:00+02:00' });
    expect(appliedFilters(filter)).toEqual({ type: ['SiteAdded', 'TrialRegistered'], actor: 'olga', from: '2025-01-15T10:00:00.000Z', to: null });
    expect(appliedFilters({})).toEqual({ type: null, actor: null, from: null, to: null });
  });

  it('refuses an empty or inverted time range, naming to', () => {
    const refusal = (from: string, to: string): unknown => {
      try { toHistoryFilter({ from, to }); } catch (error) { return error; }
      return null;
    };
    const error = refusal('2025-01-15T12:00:00Z', '2025-01-15T14:00:00+02:00');
    expect(error).toBeInstanceOf(ProblemException);
    expect((error as ProblemException).problem.errors).toEqual([{ field: 'to', message: 'must be later than from' }]);
    expect(refusal('2025-01-15T12:00:00Z', '2025-01-15T11:00:00Z')).toBeInstanceOf(ProblemException);
  });
});
