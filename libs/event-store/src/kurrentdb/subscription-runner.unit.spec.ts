import { PassThrough } from 'node:stream';
import { UnavailableError } from '@kurrent/kurrentdb-client';
import { RecordedEvent } from '../event-store.port';
import { EventStoreUnavailableError } from '../event-store.errors';
import { SubscriptionItem } from './delivery-batcher';
import { CheckpointMarker, markCheckpoint, runSubscription } from './subscription-runner';

/** Stands in for the client's subscription: an object-mode stream plus the cancel call. */
const fakeSource = () => {
  const stream = new PassThrough({ objectMode: true }) as PassThrough & { unsubscribe: jest.Mock };
  stream.unsubscribe = jest.fn(async () => undefined);
  return stream;
};

const event = (position: number): SubscriptionItem => ({
  kind: 'event',
  event: {
    position,
    streamId: 'trial-1',
    revision: 1,
    eventId: `e-${position}`,
    type: 'T',
    schemaVersion: 1,
    data: {},
    metadata: {} as RecordedEvent['metadata'],
  },
});
const toItem = (raw: unknown): SubscriptionItem =>
  raw instanceof CheckpointMarker ? { kind: 'checkpoint', position: Number(raw.position.commit) } : (raw as SubscriptionItem);
const at = (n: number) => ({ commit: BigInt(n), prepare: 0n });

const waitFor = async (ok: () => boolean): Promise<void> => {
  for (let i = 0; i < 300 && !ok(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!ok()) throw new Error('condition not met in time');
};

describe('runSubscription', () => {
  it('delivers catch-up in full batches, one at a time, then live appends at once', async () => {
    const source = fakeSource();
    [1, 3, 5, 7, 9].forEach((p) => source.write(event(p)));
    const batches: number[][] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const sub = runSubscription(source, toItem, { after: 0, batchSize: 2 }, async (events) => {
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      await new Promise((r) => setTimeout(r, 5));
      batches.push(events.map((e) => e.position));
      inFlight -= 1;
    });
    await waitFor(() => batches.length === 3);
    source.write(event(11));
    await waitFor(() => batches.length === 4);
    await sub.stop();
    expect(batches).toEqual([[1, 3], [5, 7], [9], [11]]);
    expect(maxInFlight).toBe(1);
  });

  it('hands checkpoints over after the events that came before them, and skips those without a handler', async () => {
    const source = fakeSource();
    const seen: string[] = [];
    source.write(event(1));
    source.write(event(3));
    markCheckpoint(source, at(40));
    const sub = runSubscription(
      source,
      toItem,
      {
        after: 0,
        batchSize: 10,
        onCheckpoint: async (p) => {
          seen.push(`checkpoint ${p}`);
        },
      },
      async (events) => {
        seen.push(events.map((e) => e.position).join(','));
      },
    );
    await waitFor(() => seen.length === 2);
    await sub.stop();
    expect(seen).toEqual(['1,3', 'checkpoint 40']);

    const quiet = fakeSource();
    markCheckpoint(quiet, at(40));
    quiet.write(event(41));
    const delivered: number[] = [];
    const other = runSubscription(quiet, toItem, { after: 0, batchSize: 10 }, async (events) => {
      delivered.push(...events.map((e) => e.position));
    });
    await waitFor(() => delivered.length === 1);
    await other.stop();
  });

  it('stops on a failing handler, reports the error as it is and cancels the server call', async () => {
    const source = fakeSource();
    source.write(event(1));
    const sub = runSubscription(source, toItem, { after: 0, batchSize: 10 }, async () => {
      throw new Error('projection broke');
    });
    expect((await sub.failed).message).toBe('projection broke');
    await sub.stop();
    expect(source.unsubscribe).toHaveBeenCalledTimes(1);
    expect(source.destroyed).toBe(true);
  });

  it('reports a dropped connection as the store being unavailable', async () => {
    const source = fakeSource();
    const sub = runSubscription(source, toItem, { after: 0, batchSize: 10 }, async () => undefined);
    source.destroy(new UnavailableError(undefined, 'connection reset'));
    expect(await sub.failed).toBeInstanceOf(EventStoreUnavailableError);
  });

  it('reports the server ending the subscription as the store being unavailable', async () => {
    const source = fakeSource();
    const sub = runSubscription(source, toItem, { after: 0, batchSize: 10 }, async () => undefined);
    source.end();
    expect((await sub.failed).message).toMatch(/ended the subscription/);
  });

  it('stops at an event it cannot read rather than skipping it', async () => {
    const source = fakeSource();
    source.write('garbage');
    const sub = runSubscription(
      source,
      () => {
        throw new Error('unreadable');
      },
      { after: 0, batchSize: 10 },
      async () => undefined,
    );
    expect((await sub.failed).message).toBe('unreadable');
  });

  it('lets the batch in flight finish on stop and delivers nothing after it', async () => {
    const source = fakeSource();
    source.write(event(1));
    let finished = false;
    const delivered: number[] = [];
    let started = false;
    const sub = runSubscription(source, toItem, { after: 0, batchSize: 10 }, async (events) => {
      started = true;
      await new Promise((r) => setTimeout(r, 30));
      delivered.push(...events.map((e) => e.position));
      finished = true;
    });
    await waitFor(() => started);
    source.write(event(3));
    await sub.stop();
    // stop() resolves once the pump has ended, and only the pump hands events over: nothing can follow.
    expect(finished).toBe(true);
    expect(delivered).toEqual([1]);
    expect(source.unsubscribe).toHaveBeenCalledTimes(1);
  });
});
