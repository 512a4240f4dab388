import { START } from '@kurrent/kurrentdb-client';
import { checkpointPosition, eventPosition, readPositionAfter, UnsupportedPositionError } from './position-mapping';

const at = (commit: number, prepare = commit) => ({ commit: BigInt(commit), prepare: BigInt(prepare) });

describe('position mapping', () => {
  it('numbers events by their log offset, odd, starting at 1', () => {
    expect(eventPosition(at(0))).toBe(1);
    expect(eventPosition(at(4096))).toBe(8193);
  });

  it('keeps the log order of events', () => {
    const offsets = [120, 348, 1024, 70_000];
    const numbers = offsets.map((o) => eventPosition(at(o)));
    expect([...numbers].sort((a, b) => a - b)).toEqual(numbers);
    expect(new Set(numbers).size).toBe(offsets.length);
  });

  it('places a page-boundary checkpoint before the event at the same offset and after every earlier one', () => {
    const boundary = checkpointPosition(at(4096, 0));
    expect(boundary).toBe(8192);
    expect(boundary).toBeLessThan(eventPosition(at(4096)));
    expect(boundary).toBeGreaterThan(eventPosition(at(3990)));
  });

  it('numbers a checkpoint at an event position like that event', () => {
    expect(checkpointPosition(at(4096))).toBe(eventPosition(at(4096)));
  });

  it('refuses events of explicit transactions, whose commit position is shared', () => {
    expect(() => eventPosition(at(5000, 4800))).toThrow(UnsupportedPositionError);
  });

  it('refuses offsets beyond what a safe integer can carry', () => {
    expect(() => eventPosition({ commit: 2n ** 52n, prepare: 2n ** 52n })).toThrow(UnsupportedPositionError);
    expect(eventPosition({ commit: 2n ** 52n - 1n, prepare: 2n ** 52n - 1n })).toBe(Number.MAX_SAFE_INTEGER);
  });
});

describe('readPositionAfter', () => {
  it('starts at the beginning for 0', () => {
    expect(readPositionAfter(0)).toBe(START);
  });

  it('resumes after an event at that event itself', () => {
    expect(readPositionAfter(eventPosition(at(4096)))).toEqual(at(4096));
  });

  it('resumes after a page-boundary checkpoint at the boundary record, which is still to come', () => {
    expect(readPositionAfter(checkpointPosition(at(4096, 0)))).toEqual(at(4096, 0));
  });

  it('round-trips every number it hands out', () => {
    for (const n of [1, 2, 3, 8192, 8193, Number.MAX_SAFE_INTEGER]) {
      const position = readPositionAfter(n);
      if (position === START || typeof position === 'string') throw new Error('unexpected start');
      expect(checkpointPosition(position)).toBe(n);
    }
  });

  it('refuses numbers no store hands out', () => {
    expect(() => readPositionAfter(-1)).toThrow(RangeError);
    expect(() => readPositionAfter(2.5)).toThrow(RangeError);
  });
});
