import { newEvent } from '../testing/event-store.contract';
import { EventStoreUnavailableError } from '../event-store.errors';
import { KurrentDbEventStore } from './kurrentdb-event-store';

/*
 * The one server behaviour that needs no server: nothing listens on port 1, so the real client meets a refused
 * connection. Some of its calls reject with the client's own error classes and some (the append) with the raw
 * gRPC status, so this is what shows every call of the adapter turns that into the port's 503 error.
 */
describe('KurrentDbEventStore with a server that cannot be reached', () => {
  let store: KurrentDbEventStore;
  beforeEach(() => (store = KurrentDbEventStore.connect('kurrentdb://127.0.0.1:1?tls=false')));
  afterEach(() => store.close());

  it('answers every call with EventStoreUnavailableError', async () => {
    await expect(store.appendToStream('trial-NCT1', [newEvent()], 'no_stream')).rejects.toBeInstanceOf(EventStoreUnavailableError);
    await expect(store.readStream('trial-NCT1')).rejects.toBeInstanceOf(EventStoreUnavailableError);
    await expect(store.streamRevision('trial-NCT1')).rejects.toBeInstanceOf(EventStoreUnavailableError);
    await expect(store.readAll({ after: 0, maxCount: 10 })).rejects.toBeInstanceOf(EventStoreUnavailableError);
    await expect(store.headPosition()).rejects.toBeInstanceOf(EventStoreUnavailableError);
    await expect(store.countEventsAfter(0, 10)).rejects.toBeInstanceOf(EventStoreUnavailableError);
  });

  it('fails a subscription with EventStoreUnavailableError, and stops it cleanly', async () => {
    const sub = store.subscribeToAll({ after: 0 }, async () => undefined);
    expect(await sub.failed).toBeInstanceOf(EventStoreUnavailableError);
    await sub.stop();
  });

  it('stops a subscription that never got through without waiting for it to fail', async () => {
    const sub = store.subscribeToAll({ after: 8193 }, async () => undefined);
    await sub.stop();
  });
});
