import { ProblemException } from '@trial-ledger/platform';
import { appliedFilters } from '@trial-ledger/read-models';
import { isInstant, toHistoryFilter } from './history-filter.dto';

describe('history filter query', () => {
  it('accepts only real instants with a zone, at most to the millisecond', () => {
    for (const ok of ['2025-01-15T10:00Z', '2025-01-15T10:00:00.123Z', '2024-02-29T23:59:59+05:30']) expect(isInstant(ok)).toBe(true);
    for (const bad of [
      '2025-01-15',
      '2025-01-15T10:00:00',
      '2025-02-30T00:00:00Z',
      '2025-01-15T24:00:00Z',
      '2025-01-15T10:00:00.1234Z',
      '2023-02-29T00:00:00Z',
      'yesterday',
      ['2025-01-15T10:00Z'],
    ])
      expect(isInstant(bad)).toBe(false);
  });

  it('turns the query into a filter in UTC and records it for an export', () => {
    const filter = toHistoryFilter({ type: 'SiteAdded,TrialRegistered,SiteAdded', actor: 'olga', from: '2025-01-15T12:00:00+02:00' });
    expect(appliedFilters(filter)).toEqual({
      type: ['SiteAdded', 'TrialRegistered'],
      actor: 'olga',
      from: '2025-01-15T10:00:00.000Z',
      to: null,
    });
    expect(appliedFilters({})).toEqual({ type: null, actor: null, from: null, to: null });
  });

  it('refuses an empty or inverted time range, naming to', () => {
    const refusal = (from: string, to: string): unknown => {
      try {
        toHistoryFilter({ from, to });
      } catch (error) {
        return error;
      }
      return null;
    };
    const error = refusal('2025-01-15T12:00:00Z', '2025-01-15T14:00:00+02:00');
    expect(error).toBeInstanceOf(ProblemException);
    expect((error as ProblemException).problem.errors).toEqual([{ field: 'to', message: 'must be later than from' }]);
    expect(refusal('2025-01-15T12:00:00Z', '2025-01-15T11:00:00Z')).toBeInstanceOf(ProblemException);
  });
});
