import { catchUpSubscription } from './catch-up-subscription';
import { RecordedEvent } from './event-store.port';
import { nextTurnOfTheEventLoop, waitFor } from '../../../test/support/wait-for';

const eventAt = (position: number): RecordedEvent => ({
  streamId: 'trial-NCT00000001',
  revision: position,
  position,
  eventId: `e${position}`,
  type: 'TrialStatusChanged',
  schemaVersion: 1,
  data: {},
  metadata: { recordedAt: '2026-01-01T00:00:00.000Z' } as RecordedEvent['metadata'],
});

/** A log of `size` events that answers at once, as the embedded store does. */
const logOf = (size: number) => ({
  readAll: async ({ after, maxCount }: { after: number; maxCount: number }) =>
    Array.from({ length: Math.max(0, Math.min(maxCount, size - after)) }, (_, i) => eventAt(after + i + 1)),
  onAppended: () => () => undefined,
});

/** A log that grows on `append`, tells its listeners as a store does, and counts its reads. */
const growingLog = (size: number) => {
  const listeners = new Set<() => void>();
  const state = {
    size,
    reads: 0,
    readAll: async (options: { after: number; maxCount: number }) => {
      state.reads += 1;
      return logOf(state.size).readAll(options);
    },
    onAppended: (listener: () => void) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    append: () => {
      state.size += 1;
      listeners.forEach((listener) => listener());
    },
  };
  return state;
};

/** Long enough that nothing in these specs happens by the poll, unless they wait for it on purpose. */
const POLL_MS = 10_000;

/*
 * What the subscription does between its polls is checked in fake time: advancing the clock runs every timer,
 * immediate and promise callback due by then. No step below moves it half a poll, and none of them two steps
 * reaches the first poll: what a step finds done did not wait on the poll, and what it finds not done (a read, a
 * hand-over) had the whole step to happen.
 */
describe('catchUpSubscription between polls', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());
  const aStep = () => jest.advanceTimersByTimeAsync(POLL_MS / 2 - 1);

  it('after a batch shorter than its size, waits for the next append instead of reading again', async () => {
    const log = growingLog(3);
    const seen: number[] = [];
    const sub = catchUpSubscription(log, 0, 10, async (events) => void seen.push(...events.map((e) => e.position)), POLL_MS);
    await aStep();
    expect([seen, log.reads]).toEqual([[1, 2, 3], 1]);
    log.append();
    await aStep();
    expect([seen, log.reads]).toEqual([[1, 2, 3, 4], 2]);
    await sub.stop();
  });

  it('reads again at once when an append arrived while it handled a batch', async () => {
    const log = growingLog(3);
    const seen: number[] = [];
    const sub = catchUpSubscription(
      log,
      0,
      10,
      async (events) => {
        seen.push(...events.map((e) => e.position));
        if (seen.length === 3) log.append();
      },
      POLL_MS,
    );
    await aStep();
    expect(seen).toEqual([1, 2, 3, 4]);
    await sub.stop();
  });

  it('reads again at once when an append arrived while a read found nothing', async () => {
    const log = growingLog(0);
    const seen: number[] = [];
    const readSnapshot = log.readAll;
    // The first read takes its snapshot of the empty log; an append commits and is announced before it answers.
    log.readAll = async (options) => {
      const events = await readSnapshot(options);
      if (log.reads === 1) log.append();
      return events;
    };
    const sub = catchUpSubscription(log, 0, 10, async (events) => void seen.push(...events.map((e) => e.position)), POLL_MS);
    await aStep();
    expect([seen, log.reads]).toEqual([[1], 2]);
    await sub.stop();
  });

  it('reads the next batch while a full one is being applied, and hands it over only after that one', async () => {
    const log = growingLog(25);
    const applied: number[] = [];
    let release: () => void = () => undefined;
    const sub = catchUpSubscription(
      log,
      0,
      10,
      async (events) => {
        if (events[0].position === 1) await new Promise<void>((resolve) => (release = resolve));
        applied.push(...events.map((e) => e.position));
      },
      POLL_MS,
    );
    await aStep();
    expect([applied, log.reads]).toEqual([[], 2]);
    release();
    await aStep();
    expect([applied, log.reads]).toEqual([Array.from({ length: 25 }, (_, i) => i + 1), 3]);
    await sub.stop();
  });
});

describe('catchUpSubscription', () => {
  it('hands over every event once, in order, batch by batch', async () => {
    const seen: number[] = [];
    const sub = catchUpSubscription(logOf(25), 0, 10, async (events) => void seen.push(...events.map((e) => e.position)));
    // Checked as soon as 25 arrived: an event handed over twice or out of order before then shows in the list.
    await waitFor(() => seen.length >= 25, 'the 25 events');
    await sub.stop();
    expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
  });

  it('lets timers and I/O run between batches while it catches up', async () => {
    let handled = 0;
    let handledWhenTimerRan = -1;
    setTimeout(() => (handledWhenTimerRan = handled), 0);
    const sub = catchUpSubscription(logOf(100_000), 0, 10, async (events) => void (handled += events.length));
    await waitFor(() => handledWhenTimerRan >= 0, 'the timer set before the catch-up');
    await sub.stop();
    // The timer ran while the catch-up was still under way, not once it was over.
    expect(handledWhenTimerRan).toBeLessThan(100_000);
  });

  it('reports the failed batch, not the one read ahead, and leaves no rejection unhandled', async () => {
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', record);
    let reads = 0;
    const source = {
      readAll: async (options: { after: number; maxCount: number }) => {
        reads += 1;
        if (reads === 2) throw new Error('log unreadable');
        return logOf(25).readAll(options);
      },
      onAppended: () => () => undefined,
    };
    try {
      const sub = catchUpSubscription(
        source,
        0,
        10,
        async () => {
          throw new Error('batch refused');
        },
        POLL_MS,
      );
      expect((await sub.failed).message).toBe('batch refused');
      // The read ahead was made, and failed, before the batch's failure was reported.
      expect(reads).toBe(2);
      await nextTurnOfTheEventLoop();
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', record);
    }
  });
});
