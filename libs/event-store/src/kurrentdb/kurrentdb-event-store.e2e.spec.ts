import { Console } from 'node:console';
import { DuplicateEventError } from '../event-store.errors';
import { describeEventStoreContract, newEvent } from '../testing/event-store.contract';
import { KurrentDbEventStore, KurrentDbEventStoreOptions } from './kurrentdb-event-store';

/*
 * Runs against the server KURRENTDB_CONNECTION_STRING names (e.g. "kurrentdb://localhost:2113?tls=false"). Until
 * it has passed there, the KurrentDB adapter is experimental (docs/deployment.md): no run has had a server yet.
 * The server may hold other data, so every store gets a namespace of its own: its streams and its filtered view
 * of $all start empty. That isolates stream names and event counts (countEventsAfter included), not position
 * values, which are offsets in the server's log; the contract compares positions only with what the store
 * returned, so that holds here too.
 */

const NOT_RUN =
  'KurrentDB contract suite NOT RUN: KURRENTDB_CONNECTION_STRING is not set (no KurrentDB server can be installed on this machine)';

const connectionString = process.env.KURRENTDB_CONNECTION_STRING?.trim();
const runId = `${Date.now().toString(36)}-${process.pid}`;
let stores = 0;

const openStore = (options: KurrentDbEventStoreOptions = {}, namespace = `e2e-${runId}-${++stores}-`) =>
  KurrentDbEventStore.connect(connectionString ?? '', { streamNamespace: namespace, ...options });

const waitFor = async (ok: () => boolean, timeoutMs = 15_000): Promise<void> => {
  const end = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
};

if (!connectionString) {
  // Jest's reporter drops the buffered console of a file whose tests are all skipped, so this console writes
  // straight to stderr: the notice shows in every run, not only in single-file or --verbose ones.
  new Console(process.stderr).warn(NOT_RUN);
  it.skip(NOT_RUN, () => undefined);
} else {
  jest.setTimeout(30_000);

  // The contract names its streams s-0, s-1, s-2.
  // KurrentDB deduplicates event ids per stream only (see ContractOptions).
  describeEventStoreContract(
    'KurrentDB',
    async () => {
      const store = openStore({ streamPrefixes: ['s-'] });
      return { store, cleanup: () => store.close() };
    },
    { uniqueIdsAcrossStreams: false },
  );

  describe('KurrentDbEventStore against a server', () => {
    let store: KurrentDbEventStore;
    beforeEach(() => (store = openStore()));
    afterEach(() => store.close());

    it('numbers positions in log order and pages strictly after them', async () => {
      const first = await store.appendToStream('trial-NCT1', [newEvent(), newEvent()], 'no_stream');
      const second = await store.appendToStream('trial-NCT2', [newEvent()], 'no_stream');
      const all = await store.readAll({ after: 0, maxCount: 10 });
      expect(all.map((e) => e.position)).toEqual([all[0].position, first.lastPosition, second.lastPosition]);
      expect(all[0].position).toBeLessThan(first.lastPosition);
      expect(await store.readAll({ after: all[0].position, maxCount: 10 })).toEqual(all.slice(1));
      expect(await store.headPosition()).toBe(second.lastPosition);
    });

    it('refuses a retried append that the server deduplicated, leaving one copy', async () => {
      const events = [newEvent(), newEvent()];
      await store.appendToStream('trial-NCT1', events, 'no_stream');
      await expect(store.appendToStream('trial-NCT1', events, 'no_stream')).rejects.toBeInstanceOf(DuplicateEventError);
      expect(await store.streamRevision('trial-NCT1')).toBe(2);
    });

    it('moves a checkpoint past stretches of other streams, behind the next event of ours', async () => {
      const namespace = `e2e-${runId}-${++stores}-`;
      const trials = openStore({}, namespace);
      const others = openStore({ streamPrefixes: ['other-'] }, namespace);
      const { lastPosition: mine } = await trials.appendToStream('trial-NCT1', [newEvent()], 'no_stream');
      for (let i = 0; i < 4; i++)
        await others.appendToStream(
          'other-1',
          Array.from({ length: 25 }, () => newEvent()),
          'any',
        );
      const checkpoints: number[] = [];
      const sub = trials.subscribeToAll(
        {
          after: mine,
          onCheckpoint: async (p) => {
            checkpoints.push(p);
          },
        },
        async () => undefined,
      );
      await waitFor(() => checkpoints.length > 0);
      await sub.stop();
      const { lastPosition: next } = await trials.appendToStream('trial-NCT1', [newEvent()], 1);
      expect(checkpoints[checkpoints.length - 1]).toBeGreaterThan(mine);
      expect(checkpoints[checkpoints.length - 1]).toBeLessThan(next);
      await Promise.all([trials.close(), others.close()]);
    });
  });
}
