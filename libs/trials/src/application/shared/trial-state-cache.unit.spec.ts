import { initialState } from '@trial-ledger/domain';
import { TrialSnapshot, TrialStateCache } from './trial-state-cache';

const at = (revision: number): TrialSnapshot => ({ state: initialState(), revision, headHash: `h${revision}` });

describe('TrialStateCache', () => {
  it('drops the least recently used trial when full', () => {
    const cache = new TrialStateCache(2);
    cache.set('A', at(1));
    cache.set('B', at(1));
    cache.get('A');
    cache.set('C', at(1));
    expect([cache.get('A')?.revision, cache.get('B'), cache.get('C')?.revision]).toEqual([1, undefined, 1]);
  });

  it('never replaces a snapshot with an older one, and forgets on demand', () => {
    const cache = new TrialStateCache(10);
    cache.set('A', at(5));
    cache.set('A', at(3));
    expect(cache.get('A')?.revision).toBe(5);
    cache.forget('A');
    expect(cache.get('A')).toBeUndefined();
  });

  it('holds only the very snapshot it keeps, not an equal or an older one', () => {
    const cache = new TrialStateCache(10);
    const first = at(1);
    cache.set('A', first);
    expect([cache.holds('A', first), cache.holds('A', at(1)), cache.holds('B', first)]).toEqual([true, false, false]);
    cache.set('A', at(2));
    expect(cache.holds('A', first)).toBe(false);
  });
});
