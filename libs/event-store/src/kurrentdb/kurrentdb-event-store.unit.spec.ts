import { UnavailableError } from '@kurrent/kurrentdb-client';
import { RecordedEvent } from '../event-store.port';
import { DuplicateEventError, EventStoreUnavailableError, WrongExpectedRevisionError } from '../event-store.errors';
import { newEvent } from '../testing/event-store.contract';
import { toKurrentEventId } from './event-id';
import { KurrentClient, KurrentDbEventStore } from './kurrentdb-event-store';
import { FakeKurrentDbClient } from './testing/fake-kurrentdb-client';

/*
 * The adapter's own logic (read-back of appends, dropping the start of inclusive reads, namespacing, checkpoint
 * plumbing) against an in-memory client that behaves like the server where the design depends on it.
 */

const waitFor = async (ok: () => boolean): Promise<void> => {
  for (let i = 0; i < 300 && !ok(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!ok()) throw new Error('condition not met in time');
};

let fake: FakeKurrentDbClient;
let store: KurrentDbEventStore;
// `satisfies`, not a cast: the compiler checks the fake against the signatures the adapter relies on (KurrentClient).
const open = (options = {}) => new KurrentDbEventStore(fake satisfies KurrentClient, options);
const foreign = (stream: string, count: number) =>
  fake.appendToStream(
    stream,
    Array.from({ length: count }, (_, i) => ({
      id: toKurrentEventId(`${stream}-${i}`),
      contentType: 'application/json' as const,
      type: 'Other',
      data: {},
      metadata: undefined,
    })),
  );

beforeEach(() => {
  fake = new FakeKurrentDbClient();
  store = open();
});
afterEach(() => store.close());

describe('KurrentDbEventStore appends and reads', () => {
  it('round-trips events with 1-based revisions, deterministic ids and increasing positions', async () => {
    const a = newEvent('A', { nested: { x: [1, 'two'] } });
    const result = await store.appendToStream('trial-NCT1', [a, newEvent('B')], 'no_stream');
    const read = await store.readStream('trial-NCT1');
    expect(read[0]).toEqual({ ...a, streamId: 'trial-NCT1', revision: 1, position: read[0].position });
    expect(read.map((e) => e.revision)).toEqual([1, 2]);
    expect(read[1].position).toBeGreaterThan(read[0].position);
    expect(result).toEqual({ nextRevision: 2, lastPosition: read[1].position });
    expect(fake.log[0].id).toBe(toKurrentEventId(a.eventId));
    expect(await store.streamRevision('trial-NCT1')).toBe(2);
    expect(await store.streamRevision('trial-nothing')).toBe(0);
    expect(await store.readStream('trial-nothing')).toEqual([]);
  });

  it('checks the expected revision and appends nothing on a conflict', async () => {
    await store.appendToStream('trial-1', [newEvent()], 0);
    await expect(store.appendToStream('trial-1', [newEvent()], 'no_stream')).rejects.toMatchObject({ expected: 'no_stream', actual: 1 });
    await expect(store.appendToStream('trial-1', [newEvent()], 5)).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    await store.appendToStream('trial-1', [newEvent()], 1);
    await store.appendToStream('trial-1', [newEvent()], 'any');
    expect(await store.streamRevision('trial-1')).toBe(3);
    expect(fake.log).toHaveLength(3);
  });

  it('lets exactly one of parallel appends with the same expected revision win', async () => {
    await store.appendToStream('trial-1', [newEvent()], 'no_stream');
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => store.appendToStream('trial-1', [newEvent()], 1)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });

  it('refuses a retried append that the server deduplicated, and stores its events once', async () => {
    const events = [newEvent(), newEvent()];
    await store.appendToStream('trial-1', events, 'no_stream');
    await expect(store.appendToStream('trial-1', events, 'no_stream')).rejects.toBeInstanceOf(DuplicateEventError);
    await expect(store.appendToStream('trial-1', events, 'any')).rejects.toMatchObject({ eventId: events[0].eventId });
    expect(fake.log).toHaveLength(2);
  });

  it('tells exactly one of two concurrent identical appends that it wrote', async () => {
    const events = [newEvent()];
    const results = await Promise.allSettled([0, 1].map(() => store.appendToStream('trial-1', events, 'no_stream')));
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: expect.any(DuplicateEventError) });
  });

  it('cannot see an id stored in another stream (no index by id): that event is stored twice', async () => {
    const e = newEvent();
    await store.appendToStream('trial-1', [e], 'no_stream');
    await store.appendToStream('trial-2', [e], 'no_stream');
    expect(fake.log.filter((entry) => entry.id === toKurrentEventId(e.eventId))).toHaveLength(2);
  });

  it('treats a conflict the client resolved instead of rejecting (throwOnAppendFailure=false) as a conflict', async () => {
    jest.spyOn(fake, 'appendToStream').mockResolvedValueOnce({ success: false, nextExpectedRevision: 4n });
    await expect(store.appendToStream('trial-1', [newEvent()], 2)).rejects.toMatchObject({ expected: 2, actual: 5 });
  });

  it('reads its append back from the leader, where it is certain to be', async () => {
    const reads = jest.spyOn(fake, 'readStream');
    await store.appendToStream('trial-1', [newEvent(), newEvent()], 'no_stream');
    expect(reads).toHaveBeenCalledWith('trial-1', { fromRevision: 0n, maxCount: 2, requiresLeader: true });
  });

  it('checks the expectation of an empty append without writing', async () => {
    await expect(store.appendToStream('trial-1', [], 'no_stream')).resolves.toEqual({ nextRevision: 0, lastPosition: 0 });
    await expect(store.appendToStream('trial-1', [], 2)).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    expect(fake.calls).not.toContain('appendToStream');
  });

  it('refuses to append to a stream outside the followed prefixes', async () => {
    await expect(store.appendToStream('s-1', [newEvent()], 'any')).rejects.toThrow(/outside the followed prefixes/);
  });

  it('reports an unreachable server as EventStoreUnavailableError', async () => {
    fake.failNextCall(new UnavailableError(undefined, 'connection refused'));
    await expect(store.appendToStream('trial-1', [newEvent()], 'any')).rejects.toBeInstanceOf(EventStoreUnavailableError);
    fake.failNextCall(new UnavailableError(undefined, 'connection refused'));
    await expect(store.readStream('trial-1')).rejects.toBeInstanceOf(EventStoreUnavailableError);
    fake.failNextCall(new UnavailableError(undefined, 'connection refused'));
    await expect(store.countEventsAfter(0, 10)).rejects.toBeInstanceOf(EventStoreUnavailableError);
  });

  it('is unavailable once closed', async () => {
    await store.close();
    await expect(store.appendToStream('trial-1', [newEvent()], 'any')).rejects.toBeInstanceOf(EventStoreUnavailableError);
  });
});

describe('KurrentDbEventStore global log', () => {
  it('pages the followed streams in order, strictly after the given position, skipping other streams', async () => {
    expect(await store.headPosition()).toBe(0);
    for (let i = 0; i < 5; i++) {
      await store.appendToStream(`trial-${i % 2}`, [newEvent()], 'any');
      await foreign(`other-${i}`, 1);
    }
    const page1 = await store.readAll({ after: 0, maxCount: 3 });
    const page2 = await store.readAll({ after: page1[2].position, maxCount: 3 });
    const all = [...page1, ...page2];
    expect(all.map((e) => e.streamId)).toEqual(['trial-0', 'trial-1', 'trial-0', 'trial-1', 'trial-0']);
    expect([...all.map((e) => e.position)].sort((a, b) => a - b)).toEqual(all.map((e) => e.position));
    expect(await store.headPosition()).toBe(all[4].position);
    expect(await store.readAll({ after: all[4].position, maxCount: 3 })).toEqual([]);
  });

  it('counts the events after a position, not the offsets between them, skipping other streams, up to the limit', async () => {
    const { lastPosition: first } = await store.appendToStream('trial-1', [newEvent()], 'no_stream');
    await foreign('other-1', 3);
    await store.appendToStream('trial-2', [newEvent(), newEvent()], 'no_stream');
    const head = await store.headPosition();
    // What readiness used to compare with its limit: here a distance in bytes (×2), hundreds for two events.
    expect(head - first).toBeGreaterThan(100);
    expect(await store.countEventsAfter(first, 100)).toBe(2);
    expect(await store.countEventsAfter(0, 100)).toBe(3);
    expect(await store.countEventsAfter(head, 100)).toBe(0);
    const reads = jest.spyOn(fake, 'readAll');
    expect(await store.countEventsAfter(0, 2)).toBe(2);
    expect(reads).toHaveBeenCalledWith(expect.objectContaining({ maxCount: 3 }));
    expect(await store.countEventsAfter(0, 0)).toBe(0);
    expect(reads).toHaveBeenCalledTimes(1);
  });

  it('keeps namespaced stores apart and gives back the names it was given', async () => {
    const mine = open({ streamNamespace: 'run-1-' });
    const theirs = open({ streamNamespace: 'run-2-' });
    await mine.appendToStream('trial-1', [newEvent()], 'no_stream');
    await theirs.appendToStream('trial-1', [newEvent()], 'no_stream');
    expect(fake.log.map((e) => e.streamId)).toEqual(['run-1-trial-1', 'run-2-trial-1']);
    const read = await mine.readAll({ after: 0, maxCount: 10 });
    expect(read.map((e) => e.streamId)).toEqual(['trial-1']);
    expect((await mine.readStream('trial-1'))[0].streamId).toBe('trial-1');
    expect(await mine.countEventsAfter(0, 10)).toBe(1);
  });
});

describe('KurrentDbEventStore subscriptions', () => {
  it('catches up from a position, then delivers live appends in order, exactly once', async () => {
    for (let i = 0; i < 3; i++) await store.appendToStream('trial-1', [newEvent()], 'any');
    const [first] = await store.readAll({ after: 0, maxCount: 1 });
    const seen: RecordedEvent[] = [];
    const sub = store.subscribeToAll({ after: first.position, batchSize: 2 }, async (events) => {
      seen.push(...events);
    });
    await store.appendToStream('trial-2', [newEvent(), newEvent()], 'no_stream');
    await waitFor(() => seen.length >= 4);
    await sub.stop();
    // The fake hands an append to every subscription at once: once one left running has it, so would the stopped one.
    const witnessed: number[] = [];
    const witness = store.subscribeToAll(
      { after: first.position },
      async (events) => void witnessed.push(...events.map((e) => e.position)),
    );
    const { lastPosition } = await store.appendToStream('trial-2', [newEvent()], 'any');
    await waitFor(() => witnessed.includes(lastPosition));
    await witness.stop();
    const expected = (await store.readAll({ after: first.position, maxCount: 10 })).slice(0, 4);
    expect(seen.map((e) => e.position)).toEqual(expected.map((e) => e.position));
  });

  it('moves a checkpoint through a stretch of other streams, and resuming from it misses nothing', async () => {
    const { lastPosition: mine } = await store.appendToStream('trial-1', [newEvent()], 'no_stream');
    await foreign('other-1', 10);
    const checkpoints: number[] = [];
    const first = store.subscribeToAll(
      {
        after: 0,
        onCheckpoint: async (p) => {
          checkpoints.push(p);
        },
      },
      async () => undefined,
    );
    await waitFor(() => checkpoints.length > 0 && checkpoints[checkpoints.length - 1] > mine);
    await first.stop();
    const checkpoint = checkpoints[checkpoints.length - 1];
    await store.appendToStream('trial-1', [newEvent()], 1);
    const [next] = await store.readStream('trial-1', { fromRevision: 2 });
    expect(checkpoint).toBeLessThan(next.position);
    expect(await store.countEventsAfter(checkpoint, 10)).toBe(1);
    const seen: number[] = [];
    const second = store.subscribeToAll({ after: checkpoint }, async (events) => {
      seen.push(...events.map((e) => e.position));
    });
    await waitFor(() => seen.length > 0);
    await second.stop();
    expect(seen).toEqual([next.position]);
  });

  it('stops a subscription whose handler fails and reports the error', async () => {
    await store.appendToStream('trial-1', [newEvent()], 'no_stream');
    const sub = store.subscribeToAll({ after: 0 }, async () => {
      throw new Error('projection broke');
    });
    expect((await sub.failed).message).toBe('projection broke');
    await sub.stop();
  });
});
