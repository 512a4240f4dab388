import { changeLine, stateChanges } from './state-diff';

describe('stateChanges', () => {
  it('given equal states, finds nothing', () => {
    expect(stateChanges({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 })).toEqual([]);
  });

  it('given a changed field deep in the state, names only that leaf', () => {
    const before = { status: 'RECRUITING', enrollment: { count: 10, type: 'ESTIMATED' } };
    const after = { status: 'RECRUITING', enrollment: { count: 12, type: 'ESTIMATED' } };
    expect(stateChanges(before, after)).toEqual([{ path: '.enrollment.count', before: 10, after: 12 }]);
  });

  it('given fields added and removed, reports them against (absent), the added first', () => {
    expect(stateChanges({ gone: 1, kept: 2 }, { kept: 2, added: null }).map(changeLine)).toEqual([
      '  added: (absent) -> null',
      '  gone: 1 -> (absent)',
    ]);
  });

  it('given a site removed from the middle, reports that site alone (sites are keyed by id, not position)', () => {
    const site = (siteId: string, status = 'RECRUITING') => ({ siteId, facility: `F ${siteId}`, status });
    const before = { sites: [site('s1'), site('s2'), site('s3', 'NOT_YET_RECRUITING')] };
    const after = { sites: [site('s1'), site('s3', 'RECRUITING')] };
    expect(stateChanges(before, after).map(changeLine)).toEqual([
      '  sites[s3].status: "NOT_YET_RECRUITING" -> "RECRUITING"',
      `  sites[s2]: ${JSON.stringify(site('s2'))} -> (absent)`,
    ]);
  });

  it('given a list of plain values, compares them by position', () => {
    expect(stateChanges({ phases: ['PHASE1'] }, { phases: ['PHASE1', 'PHASE2'] })).toEqual([
      { path: '.phases[1]', before: undefined, after: 'PHASE2' },
    ]);
  });

  it('given an empty state before (the first event), lists every field as new', () => {
    expect(stateChanges({}, { nctId: 'NCT00000001', sites: [] }).map(changeLine)).toEqual([
      '  nctId: (absent) -> "NCT00000001"',
      '  sites: (absent) -> []',
    ]);
  });

  it('given a value where there was none at all, names the whole state', () => {
    expect(stateChanges(undefined, 1).map(changeLine)).toEqual(['  (state): (absent) -> 1']);
  });
});
