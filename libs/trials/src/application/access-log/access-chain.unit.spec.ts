import { NewAccessEntry } from '@trial-ledger/compliance';
import { GENESIS_HASH } from '@trial-ledger/ledger';
import { ChainedAccessEntry, accessEntryHash, verifyAccessChain } from './access-chain';

const chain = (entries: NewAccessEntry[]): ChainedAccessEntry[] => {
  let previous = GENESIS_HASH;
  return entries.map((e, i) => {
    const hash = accessEntryHash(e, previous);
    const chained = { id: i + 1, ...e, previousHash: previous, hash };
    previous = hash;
    return chained;
  });
};
const read = (n: number, actor = 'audrey'): NewAccessEntry => ({
  at: `2026-12-03T10:0${n}:00.000Z`,
  actor,
  role: 'auditor',
  channel: 'http',
  action: 'history.read',
  nctId: `NCT0000000${n}`,
  parameters: { format: 'csv', n },
});

describe('the access log hash chain', () => {
  it('given entries linked in order, when verified, then it holds and reports the head hash', () => {
    const entries = chain([read(1), read(2), read(3)]);
    expect(verifyAccessChain(entries)).toEqual({
      ok: true,
      entries: 3,
      unchained: 0,
      brokenAtId: null,
      problem: null,
      headHash: entries[2].hash,
    });
  });

  it('given an entry changed in place (the triggers dropped), then the chain breaks at that entry', () => {
    const entries = chain([read(1), read(2), read(3)]);
    entries[1] = { ...entries[1], actor: 'mallory' };
    expect(verifyAccessChain(entries)).toMatchObject({ ok: false, brokenAtId: 2, problem: 'content altered' });
    const parameters = chain([read(1), read(2)]);
    parameters[0] = { ...parameters[0], parameters: { format: 'json', n: 1 } };
    expect(verifyAccessChain(parameters)).toMatchObject({ ok: false, brokenAtId: 1 });
  });

  it('given an entry removed from the middle, then the next one no longer links', () => {
    const entries = chain([read(1), read(2), read(3)]);
    expect(verifyAccessChain([entries[0], entries[2]])).toMatchObject({
      ok: false,
      brokenAtId: 3,
      problem: expect.stringMatching(/does not link/),
    });
  });

  it('given a consistent rewrite with recomputed hashes, then it still verifies: only a head kept elsewhere would tell', () => {
    const rewritten = chain([read(1), read(2, 'mallory'), read(3)]);
    expect(verifyAccessChain(rewritten).ok).toBe(true);
    expect(verifyAccessChain(rewritten).headHash).not.toBe(chain([read(1), read(2), read(3)])[2].hash);
  });

  it('given entries recorded before the chain, then they are counted as unchained, and one without a hash later breaks it', () => {
    const old = [read(1), read(2)].map((e, i) => ({ id: i + 1, ...e, previousHash: null, hash: null }));
    const later = chain([read(3)]).map((e) => ({ ...e, id: 3 }));
    expect(verifyAccessChain([...old, ...later])).toMatchObject({ ok: true, unchained: 2, entries: 3 });
    expect(verifyAccessChain([...later, { ...old[0], id: 4 }])).toMatchObject({ ok: false, brokenAtId: 4 });
  });
});
