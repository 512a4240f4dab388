import { ANY, NO_STREAM } from '@kurrent/kurrentdb-client';
import { fromCurrentState, fromKurrentRevision, toKurrentRevision, toStreamRange, toStreamState } from './revision-mapping';

describe('revision mapping', () => {
  it('shifts 1-based port revisions to 0-based KurrentDB revisions and back', () => {
    expect(toKurrentRevision(1)).toBe(0n);
    expect(toKurrentRevision(7)).toBe(6n);
    expect(fromKurrentRevision(0n)).toBe(1);
    expect(fromKurrentRevision(6n)).toBe(7);
  });

  it('maps expected revisions to stream states', () => {
    expect(toStreamState('any')).toBe(ANY);
    expect(toStreamState('no_stream')).toBe(NO_STREAM);
    expect(toStreamState(0)).toBe(NO_STREAM);
    expect(toStreamState(1)).toBe(0n);
    expect(toStreamState(5)).toBe(4n);
  });

  it('refuses expected revisions that name no state', () => {
    expect(() => toStreamState(-1)).toThrow(RangeError);
    expect(() => toStreamState(1.5)).toThrow(RangeError);
  });

  it('reads the actual state of a conflict as a port revision', () => {
    expect(fromCurrentState(NO_STREAM)).toBe(0);
    expect(fromCurrentState(0n)).toBe(1);
    expect(fromCurrentState(4n)).toBe(5);
    expect(fromCurrentState(-5n)).toBe(0);
  });
});

describe('toStreamRange', () => {
  it('reads the whole stream by default', () => {
    expect(toStreamRange({})).toEqual({ fromRevision: 0n, maxCount: Number.MAX_SAFE_INTEGER });
  });

  it('turns an inclusive 1-based range into a start and a count', () => {
    expect(toStreamRange({ fromRevision: 2, toRevision: 3 })).toEqual({ fromRevision: 1n, maxCount: 2 });
    expect(toStreamRange({ toRevision: 1 })).toEqual({ fromRevision: 0n, maxCount: 1 });
  });

  it('treats a start below 1 as the first event, like the embedded store', () => {
    expect(toStreamRange({ fromRevision: 0, toRevision: 2 })).toEqual({ fromRevision: 0n, maxCount: 2 });
  });

  it('answers null for an empty range', () => {
    expect(toStreamRange({ fromRevision: 3, toRevision: 2 })).toBeNull();
    expect(toStreamRange({ toRevision: 0 })).toBeNull();
  });
});
