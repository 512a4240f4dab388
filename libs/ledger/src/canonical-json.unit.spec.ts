import fc from 'fast-check';
import { canonicalJson } from './hash-chain';

/**
 * The canonical form as first written (commit 25e1a6b and before), kept here as the reference: every stored
 * event's hash was computed with it, so the faster form must give the very same text for every value.
 */
const reference = (value: unknown): string => {
  const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isPlainObject(value) && typeof value.toJSON === 'function') return reference(value.toJSON());
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : reference(v))).join(',')}]`;
  if (isPlainObject(value)) {
    const keys = Object.keys(value)
      .filter((k) => value[k] !== undefined && typeof value[k] !== 'function')
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${reference(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
};

const values = fc.letrec((tie) => ({
  leaf: fc.oneof(
    fc.string({ unit: 'binary' }),
    fc.double({ noNaN: false }),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    fc.date({ noInvalidDate: true }),
    fc.constant(() => 1),
  ),
  node: fc.oneof(
    { depthSize: 'small', maxDepth: 4 },
    tie('leaf'),
    fc.array(tie('node')),
    fc.dictionary(fc.string({ unit: 'binary' }), tie('node')),
  ),
}));

describe('canonicalJson, against the form every stored hash was computed with', () => {
  it('given any JSON-like value (undefined, functions, dates and odd keys included), when made canonical, then the text is the reference text', () => {
    fc.assert(
      fc.property(values.node, (value) => {
        expect(canonicalJson(value)).toBe(reference(value));
      }),
      { numRuns: 500 },
    );
  });

  it('given keys out of order and nested, when made canonical, then they are sorted at every depth', () => {
    expect(canonicalJson({ b: [{ z: 1, a: 2 }], a: { d: undefined, c: 3 } })).toBe('{"a":{"c":3},"b":[{"a":2,"z":1}]}');
  });
});
