import { EventStore, NewEvent, RecordedEvent } from '../event-store.port';
import { DuplicateEventError, WrongExpectedRevisionError } from '../event-store.errors';

let seq = 0;
export const newEvent = (type = 'Happened', data: Record<string, unknown> = {}): NewEvent => {
  seq += 1;
  const eventId = `e-${process.pid}-${seq}`;
  return {
    eventId,
    type,
    schemaVersion: 1,
    data: { n: seq, ...data },
    metadata: {
      eventId,
      commandId: 'c',
      correlationId: 'c',
      causationId: 'c',
      actor: 'alice',
      role: 'operator',
      recordedAt: '2025-01-01T00:00:00.000Z',
      reason: 'why',
    },
  };
};

export interface ContractOptions {
  /**
   * Whether an event id is refused when it is already stored in another stream. SQLite and PostgreSQL keep
   * one index over all ids; KurrentDB deduplicates per stream only, so for it the contract checks the
   * retry into the same stream (the case a retried command produces) and says so in the test name.
   */
  uniqueIdsAcrossStreams: boolean;
}

/**
 * The behaviour every EventStore adapter must show; each adapter's spec calls this with its factory.
 * Positions are compared with what the store itself returned, never with literal numbers: they only have to
 * grow in log order (KurrentDB's are offsets in its log), and the store under test may not be empty.
 */
export const describeEventStoreContract = (
  name: string,
  factory: () => Promise<{ store: EventStore; cleanup: () => Promise<void> }>,
  options: ContractOptions = { uniqueIdsAcrossStreams: true },
): void => {
  describe(`EventStore contract: ${name}`, () => {
    let store: EventStore;
    let cleanup: () => Promise<void>;
    beforeEach(async () => ({ store, cleanup } = await factory()));
    afterEach(() => cleanup());

    it('round-trips data and metadata with 1-based revisions and increasing positions', async () => {
      const a = newEvent('A', { nested: { x: [1, 'two'] } });
      const result = await store.appendToStream('s-1', [a, newEvent('B')], 'no_stream');
      const read = await store.readStream('s-1');
      expect(result).toEqual({ nextRevision: 2, lastPosition: read[1].position });
      expect(read[0]).toEqual({ ...a, streamId: 's-1', revision: 1, position: read[0].position });
      expect(read.map((e) => e.revision)).toEqual([1, 2]);
      expect(read[1].position).toBeGreaterThan(read[0].position);
      expect(await store.streamRevision('s-1')).toBe(2);
      expect(await store.streamRevision('nothing')).toBe(0);
    });

    it('refuses a wrong expected revision and appends nothing', async () => {
      const { lastPosition } = await store.appendToStream('s-1', [newEvent()], 'no_stream');
      await expect(store.appendToStream('s-1', [newEvent()], 'no_stream')).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      await expect(store.appendToStream('s-1', [newEvent()], 5)).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      expect(await store.headPosition()).toBe(lastPosition);
      await store.appendToStream('s-1', [newEvent()], 1);
      await store.appendToStream('s-1', [newEvent()], 'any');
      expect(await store.streamRevision('s-1')).toBe(3);
    });

    const across = options.uniqueIdsAcrossStreams;
    it(`never stores an event id twice (${across ? 'in any stream' : 'in the same stream'}), and a failed append stores none of its events`, async () => {
      const e = newEvent();
      const { lastPosition } = await store.appendToStream('s-1', [e], 'no_stream');
      const target = across ? 's-2' : 's-1';
      await expect(store.appendToStream(target, [newEvent(), e], 'any')).rejects.toBeInstanceOf(DuplicateEventError);
      expect(await store.streamRevision(target)).toBe(target === 's-1' ? 1 : 0);
      expect(await store.headPosition()).toBe(lastPosition);
    });

    it('lets exactly one of parallel appends with the same expected revision win', async () => {
      await store.appendToStream('s-1', [newEvent()], 'no_stream');
      const results = await Promise.allSettled(Array.from({ length: 10 }, () => store.appendToStream('s-1', [newEvent()], 1)));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(await store.streamRevision('s-1')).toBe(2);
    });

    it('reads stream ranges and pages the global log in order across streams', async () => {
      for (let i = 0; i < 5; i++) await store.appendToStream(`s-${i % 2}`, [newEvent()], 'any');
      expect((await store.readStream('s-0', { fromRevision: 2, toRevision: 3 })).map((e) => e.revision)).toEqual([2, 3]);
      const appended = (await store.readStream('s-0'))
        .concat(await store.readStream('s-1'))
        .map((e) => e.position)
        .sort((x, y) => x - y);
      const page1 = await store.readAll({ after: 0, maxCount: 3 });
      const page2 = await store.readAll({ after: page1[2].position, maxCount: 3 });
      expect([...page1, ...page2].map((e) => e.position)).toEqual(appended);
      expect(await store.headPosition()).toBe(appended[4]);
    });

    it('counts the events after a position, in events rather than position differences, and no further than the limit', async () => {
      const kept = newEvent();
      const { lastPosition: first } = await store.appendToStream('s-1', [kept], 'no_stream');
      if (across) {
        // PostgreSQL takes positions before it finds the duplicate id, so this refusal leaves a gap in them.
        await expect(store.appendToStream('s-2', [newEvent(), newEvent(), kept], 'any')).rejects.toBeInstanceOf(DuplicateEventError);
      }
      const { lastPosition: third } = await store.appendToStream('s-2', [newEvent(), newEvent()], 'no_stream');
      const { lastPosition: last } = await store.appendToStream('s-1', [newEvent()], 1);
      expect(await store.countEventsAfter(0, 100)).toBe(4);
      expect(await store.countEventsAfter(first, 100)).toBe(3);
      expect(await store.countEventsAfter(third, 100)).toBe(1);
      expect(await store.countEventsAfter(first, 2)).toBe(2);
      expect(await store.countEventsAfter(first, 0)).toBe(0);
      expect(await store.countEventsAfter(last, 100)).toBe(0);
      expect(await store.headPosition()).toBe(last);
    });

    it('subscribes: catches up from a position, then delivers live appends in order, exactly once', async () => {
      for (let i = 0; i < 3; i++) await store.appendToStream('s-1', [newEvent()], 'any');
      const [first, ...caughtUp] = await store.readStream('s-1');
      const seen: RecordedEvent[] = [];
      const sub = store.subscribeToAll({ after: first.position, batchSize: 2 }, async (events) => {
        seen.push(...events);
      });
      await store.appendToStream('s-2', [newEvent(), newEvent()], 'no_stream');
      await waitFor(() => seen.length >= 4);
      await sub.stop();
      await store.appendToStream('s-2', [newEvent()], 'any');
      await new Promise((r) => setTimeout(r, 50));
      const live = (await store.readStream('s-2')).slice(0, 2);
      expect(seen.map((e) => e.position)).toEqual([...caughtUp, ...live].map((e) => e.position));
    });

    it('stops a subscription whose handler fails and reports the error', async () => {
      await store.appendToStream('s-1', [newEvent()], 'no_stream');
      const sub = store.subscribeToAll({ after: 0 }, async () => {
        throw new Error('projection broke');
      });
      expect((await sub.failed).message).toBe('projection broke');
      await sub.stop();
    });
  });
};

const waitFor = async (ok: () => boolean, timeoutMs = 3000): Promise<void> => {
  const end = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
};
