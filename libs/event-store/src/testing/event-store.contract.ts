import { EventStore, NewEvent, RecordedEvent } from '../event-store.port';
import { DuplicateEventError, WrongExpectedRevisionError } from '../event-store.errors';

let seq = 0;
export const newEvent = (type = 'Happened', data: Record<string, unknown> = {}): NewEvent => {
  seq += 1;
  const eventId = `e-${process.pid}-${seq}`;
  return {
    eventId, type, schemaVersion: 1, data: { n: seq, ...data },
    metadata: { eventId, commandId: 'c', correlationId: 'c', causationId: 'c', actor: 'alice', role: 'operator', recordedAt: '2025-01-01T00:00:00.000Z', reason: 'why' },
  };
};

/** The behaviour every EventStore adapter must show; each adapter's spec calls this with its factory. */
export const describeEventStoreContract = (
  name: string,
  factory: () => Promise<{ store: EventStore; cleanup: () => Promise<void> }>,
): void => {
  describe(`EventStore contract: ${name}`, () => {
    let store: EventStore;
    let cleanup: () => Promise<void>;
    beforeEach(async () => ({ store, cleanup } = await factory()));
    afterEach(() => cleanup());

    it('round-trips data and metadata with 1-based revisions and increasing positions', async () => {
      const a = newEvent('A', { nested: { x: [1, 'two'] } });
      const result = await store.appendToStream('s-1', [a, newEvent('B')], 'no_stream');
      expect(result).toEqual({ nextRevision: 2, lastPosition: 2 });
      const read = await store.readStream('s-1');
      expect(read[0]).toEqual({ ...a, streamId: 's-1', revision: 1, position: 1 });
      expect(read.map((e) => e.revision)).toEqual([1, 2]);
      expect(await store.streamRevision('s-1')).toBe(2);
      expect(await store.streamRevision('nothing')).toBe(0);
    });

    it('refuses a wrong expected revision and appends nothing', async () => {
      await store.appendToStream('s-1', [newEvent()], 'no_stream');
      await expect(store.appendToStream('s-1', [newEvent()], 'no_stream')).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      await expect(store.appendToStream('s-1', [newEvent()], 5)).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      expect(await store.headPosition()).toBe(1);
      await store.appendToStream('s-1', [newEvent()], 1);
      await store.appendToStream('s-1', [newEvent()], 'any');
      expect(await store.streamRevision('s-1')).toBe(3);
    });

    it('never stores an event id twice, and a failed append stores none of its events', async () => {
      const e = newEvent();
      await store.appendToStream('s-1', [e], 'no_stream');
      await expect(store.appendToStream('s-2', [newEvent(), e], 'no_stream')).rejects.toBeInstanceOf(DuplicateEventError);
      expect(await store.streamRevision('s-2')).toBe(0);
      expect(await store.headPosition()).toBe(1);
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
      const page1 = await store.readAll({ after: 0, maxCount: 3 });
      const page2 = await store.readAll({ after: page1[2].position, maxCount: 3 });
      expect([...page1, ...page2].map((e) => e.position)).toEqual([1, 2, 3, 4, 5]);
      expect(await store.headPosition()).toBe(5);
    });

    it('subscribes: catches up from a position, then delivers live appends in order, exactly once', async () => {
      for (let i = 0; i < 3; i++) await store.appendToStream('s-1', [newEvent()], 'any');
      const seen: RecordedEvent[] = [];
      const sub = store.subscribeToAll({ after: 1, batchSize: 2 }, async (events) => { seen.push(...events); });
      await store.appendToStream('s-2', [newEvent(), newEvent()], 'no_stream');
      await waitFor(() => seen.length >= 4);
      await sub.stop();
      await store.appendToStream('s-2', [newEvent()], 'any');
      await new Promise((r) => setTimeout(r, 50));
      expect(seen.map((e) => e.position)).toEqual([2, 3, 4, 5]);
    });

    it('stops a subscription whose handler fails and reports the error', async () => {
      await store.appendToStream('s-1', [newEvent()], 'no_stream');
      const sub = store.subscribeToAll({ after: 0 }, async () => { throw new Error('projection broke'); });
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
