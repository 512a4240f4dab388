import { historyEntryFixture } from '../testing/history-entries';
import { filterHistory } from './history-filter';

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
});
