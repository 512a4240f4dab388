import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { ObservedRecord } from './registry-version';
import { recordDigest } from './record-digest';

/** The canonical text as first written: every stored version's recordDigest was computed with it. */
const reference = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(reference).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${reference(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
};

const values = fc.letrec((tie) => ({
  leaf: fc.oneof(fc.string({ unit: 'binary' }), fc.double(), fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined)),
  node: fc.oneof(
    { depthSize: 'small', maxDepth: 4 },
    tie('leaf'),
    fc.array(tie('node')),
    fc.dictionary(fc.string({ unit: 'binary' }), tie('node')),
  ),
}));

describe('recordDigest', () => {
  it('given any record-like value, when digested, then the digest is that of the reference canonical text', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ unit: 'binary' }), values.node), (record) => {
        const expected = createHash('sha256').update(reference(record)).digest('hex');
        expect(recordDigest(record as unknown as ObservedRecord)).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });

  it('given the same record built in two key orders, when digested, then the digests are equal', () => {
    const a = { nctId: 'NCT01234567', phases: ['PHASE1'], enrollment: { count: 3, type: 'ACTUAL' } };
    const b = { enrollment: { type: 'ACTUAL', count: 3 }, phases: ['PHASE1'], nctId: 'NCT01234567' };
    expect(recordDigest(a as unknown as ObservedRecord)).toBe(recordDigest(b as unknown as ObservedRecord));
  });
});
