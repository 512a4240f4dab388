import { createServer, Server, Socket } from 'node:net';
import { newEvent } from '../testing/event-store.contract';
import { EventStoreUnavailableError } from '../event-store.errors';
import { KurrentDbEventStore } from './kurrentdb-event-store';
import { within } from '../../../../test/support/wait-for';

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
});

/** Accepts connections and never answers: a client's call to it neither gets through nor fails. */
const silentServer = async (): Promise<{ port: number; close(): void }> => {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => void sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    port,
    close: () => {
      sockets.forEach((s) => s.destroy());
      server.close();
    },
  };
};

/*
 * Against a refused port a subscription fails within milliseconds, so stopping it could wait for that failure
 * unnoticed. A server that never answers leaves the attempt pending for good: stop() has to end it.
 */
describe('KurrentDbEventStore with a server that never answers', () => {
  it('stops a subscription that never got through without waiting for it to fail', async () => {
    const silent = await silentServer();
    const store = KurrentDbEventStore.connect(`kurrentdb://127.0.0.1:${silent.port}?tls=false`);
    try {
      const sub = store.subscribeToAll({ after: 8193 }, async () => undefined);
      // A bound well inside the test's timeout: stopping takes a fraction of a second; waiting would never end.
      expect(
        await within(
          3000,
          sub.stop().then(() => 'stopped'),
        ),
      ).toBe('stopped');
      const notFailed = Symbol('not failed');
      // Nor does a stopped subscription report a failure: its subscriber would subscribe again.
      expect(await Promise.race([sub.failed, Promise.resolve(notFailed)])).toBe(notFailed);
    } finally {
      // The server first: should a stop hang, dropping its connections ends the call, and the failure above shows.
      silent.close();
      await store.close();
    }
  });
});
