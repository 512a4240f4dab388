import { NewEvent, RecordedEvent } from '@trial-ledger/event-store';
import { GENESIS_HASH, HashedEvent, canonicalJson, chainEvents, eventHash, headHashOf, integrityOf, verifyChain } from './hash-chain';

const STREAM = 'trial-NCT06171906';

const newEvent = (n: number): NewEvent => ({
  eventId: `e-${n}`,
  type: 'TrialStatusChanged',
  schemaVersion: 1,
  data: { nctId: 'NCT06171906', status: 'RECRUITING', sites: [{ city: 'Boston', n }] },
  metadata: {
    eventId: `e-${n}`,
    commandId: `c-${n}`,
    correlationId: 'corr',
    causationId: `c-${n}`,
    actor: 'olga',
    role: 'operator',
    recordedAt: '2025-01-15T10:00:00.000Z',
    reason: 'why',
  },
});

/** A stored stream as readStream returns it, after a JSON round trip like every adapter's. */
const stream = (count: number): RecordedEvent[] => {
  const chained = chainEvents(
    STREAM,
    0,
    GENESIS_HASH,
    Array.from({ length: count }, (_, i) => newEvent(i + 1)),
  );
  return chained.map((e, i) => JSON.parse(JSON.stringify({ ...e, streamId: STREAM, revision: i + 1, position: 100 + i })));
};

const hashOf = (e: RecordedEvent): string => integrityOf(e)!.hash;

describe('canonicalJson', () => {
  it('is the same for any key order, nested too, and has no whitespace', () => {
    const a = canonicalJson({ b: 1, a: { y: [1, { d: 2, c: 3 }], x: 'é "q"' } });
    const b = canonicalJson({ a: { x: 'é "q"', y: [1, { c: 3, d: 2 }] }, b: 1 });
    expect(a).toBe(b);
    expect(a).toBe('{"a":{"x":"é \\"q\\"","y":[1,{"c":3,"d":2}]},"b":1}');
  });

  it('keeps array order and reads like JSON.stringify for undefined and dates', () => {
    expect(canonicalJson([2, 1])).not.toBe(canonicalJson([1, 2]));
    expect(canonicalJson({ a: undefined, b: [undefined], c: null })).toBe('{"b":[null],"c":null}');
    expect(canonicalJson({ at: new Date('2025-01-15T10:00:00Z') })).toBe('{"at":"2025-01-15T10:00:00.000Z"}');
  });
});

describe('eventHash', () => {
  const base: HashedEvent = { ...newEvent(1), streamId: STREAM, revision: 1 };
  const hash = eventHash(base, GENESIS_HASH);

  it('is a hex SHA-256, stable for key order and blind to the integrity block and the position', () => {
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    const reordered = JSON.parse(canonicalJson(base)) as HashedEvent;
    expect(eventHash(reordered, GENESIS_HASH)).toBe(hash);
    const withIntegrity = { ...base, metadata: { ...base.metadata, integrity: { hash: 'x' } }, position: 9 };
    expect(eventHash(withIntegrity, GENESIS_HASH)).toBe(hash);
  });

  it.each<[string, Partial<HashedEvent>]>([
    ['stream', { streamId: 'trial-NCT00000001' }],
    ['revision', { revision: 2 }],
    ['event id', { eventId: 'e-9' }],
    ['type', { type: 'TrialRegistered' }],
    ['schema version', { schemaVersion: 2 }],
    ['data', { data: { ...base.data, status: 'COMPLETED' } }],
    ['metadata', { metadata: { ...base.metadata, actor: 'mallory' } }],
  ])('changes when the %s changes', (_field, change) => {
    expect(eventHash({ ...base, ...change }, GENESIS_HASH)).not.toBe(hash);
  });

  it('changes with the previous hash', () => {
    expect(eventHash(base, 'a'.repeat(64))).not.toBe(hash);
  });
});

describe('chaining', () => {
  it('links each event to the one before, from the genesis value', () => {
    const events = stream(3);
    expect(integrityOf(events[0])).toEqual({ algorithm: 'sha256', previousHash: GENESIS_HASH, hash: expect.any(String) });
    expect(integrityOf(events[1])!.previousHash).toBe(hashOf(events[0]));
    expect(integrityOf(events[2])!.previousHash).toBe(hashOf(events[1]));
    expect(headHashOf(events)).toBe(hashOf(events[2]));
    expect(headHashOf([])).toBe(GENESIS_HASH);
  });

  it('continues a stored stream where it ends', () => {
    const events = stream(3);
    const [next] = chainEvents(STREAM, 3, headHashOf(events), [newEvent(4)]);
    const all = [...events, { ...next, streamId: STREAM, revision: 4, position: 200 }];
    expect(verifyChain(all)).toEqual({
      verified: true,
      events: 4,
      firstBrokenRevision: null,
      problem: null,
      headHash: integrityOf(next)!.hash,
    });
  });

  it('seals events stored before tamper evidence into the first chained one', () => {
    const legacy = stream(2).map((e) => ({ ...e, metadata: { ...e.metadata, integrity: undefined } }));
    const [next] = chainEvents(STREAM, 2, headHashOf(legacy), [newEvent(3)]);
    expect(integrityOf(next)!.previousHash).toBe(eventHash(legacy[1], eventHash(legacy[0], GENESIS_HASH)));
    expect(verifyChain([...legacy, { ...next, streamId: STREAM, revision: 3, position: 9 }])).toMatchObject({
      verified: false,
      firstBrokenRevision: 1,
      problem: expect.stringMatching(/^unchained/),
    });
  });
});

describe('verifyChain', () => {
  const problemOf = (events: RecordedEvent[]) => {
    const { firstBrokenRevision, problem, verified, headHash } = verifyChain(events);
    expect(verified).toBe(false);
    expect(headHash).toBeNull();
    return { firstBrokenRevision, problem };
  };

  it('accepts an intact stream and an empty one', () => {
    expect(verifyChain(stream(5))).toMatchObject({ verified: true, events: 5, firstBrokenRevision: null, problem: null });
    expect(verifyChain([])).toEqual({ verified: true, events: 0, firstBrokenRevision: null, problem: null, headHash: null });
  });

  it('names an altered event', () => {
    const events = stream(5);
    events[2].metadata.reason = 'rewritten';
    expect(problemOf(events)).toEqual({ firstBrokenRevision: 3, problem: expect.stringMatching(/^content altered/) });
  });

  it('names a missing revision', () => {
    const events = stream(5);
    events.splice(2, 1);
    expect(problemOf(events)).toEqual({ firstBrokenRevision: 3, problem: expect.stringMatching(/^revision missing: revision 3/) });
  });

  it('names an event moved to another revision', () => {
    const events = stream(5);
    const [second, fourth] = [events[1], events[3]];
    events[1] = { ...fourth, revision: 2 };
    events[3] = { ...second, revision: 4 };
    expect(problemOf(events)).toEqual({
      firstBrokenRevision: 2,
      problem: expect.stringMatching(/^out of order: .* revision 2 was recorded as revision 4/),
    });
  });

  it('names a removal hidden by renumbering the later events', () => {
    const events = stream(5);
    const renumbered = [...events.slice(0, 2), ...events.slice(3).map((e) => ({ ...e, revision: e.revision - 1 }))];
    expect(problemOf(renumbered)).toEqual({
      firstBrokenRevision: 3,
      problem: expect.stringMatching(/recorded as revision 4; the event recorded before it is no longer/),
    });
  });

  it('names the link after an event that was altered and re-hashed', () => {
    const events = stream(5);
    events[2].data = { ...events[2].data, status: 'COMPLETED' };
    const integrity = integrityOf(events[2])!;
    events[2].metadata.integrity = { ...integrity, hash: eventHash(events[2], integrity.previousHash) };
    expect(problemOf(events)).toEqual({ firstBrokenRevision: 4, problem: expect.stringMatching(/^link broken: .*revision 3/) });
  });

  it('names an event without integrity data, or with an unknown algorithm', () => {
    const events = stream(3);
    delete events[1].metadata.integrity;
    expect(problemOf(events)).toEqual({ firstBrokenRevision: 2, problem: expect.stringMatching(/^unchained/) });
    const other = stream(3);
    other[0].metadata.integrity = { ...integrityOf(other[0])!, algorithm: 'md5' };
    expect(problemOf(other).firstBrokenRevision).toBe(1);
  });

  it('cannot see the newest events removed together: the rest is a valid chain (documented limit)', () => {
    const events = stream(5);
    expect(verifyChain(events.slice(0, 3))).toMatchObject({ verified: true, headHash: hashOf(events[2]) });
    expect(verifyChain(events.slice(0, 3)).headHash).not.toBe(verifyChain(events).headHash);
  });
});
