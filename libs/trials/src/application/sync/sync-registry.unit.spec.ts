import { Pacing, RegistryApiClient } from '@trial-ledger/importer';
import { RegistryApiServer, changedStudies } from '../../../../../test/support/registry-api-server';
import { realRecords } from '../../../../../test/support/registry-corpus';
import { TrialCommandExecutor } from '../shared/trial-command-executor';
import { CursorTracker } from './sync-cursor';
import { SyncCursorStore } from './sync-cursor-store.port';
import { syncRegistry } from './sync-registry';

class NoWaiting extends Pacing {
  now = () => 0;
  sleep = async () => undefined;
  random = () => 0.5;
}

/** An executor whose appends become durable only when the spec says so, counting those still in flight. */
class HeldExecutor {
  inFlight = 0;
  private readonly held: (() => void)[] = [];
  private failWith: Error | null = null;

  execute = async () => {
    if (this.failWith) throw this.failWith;
    this.inFlight += 1;
    await new Promise<void>((resolve) => this.held.push(resolve));
    this.inFlight -= 1;
    return { eventIds: ['e'], revision: 1, replayed: false, events: [] };
  };

  /** Makes every held append durable, a turn of the event loop apart, until `until` holds. */
  async release(until: () => boolean): Promise<void> {
    while (!until()) {
      this.held.splice(0).forEach((resolve) => resolve());
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  failFromNowOn(error: Error): void {
    this.failWith = error;
  }
}

/** Records each save with the appends still in flight at that moment. */
class WatchingCursors extends SyncCursorStore {
  readonly saves: { day: string; inFlight: number }[] = [];
  constructor(private readonly executor: HeldExecutor) {
    super();
  }
  load = async () => null;
  save = async (_: string, day: string) => void this.saves.push({ day, inFlight: this.executor.inFlight });
  close = async () => undefined;
}

describe('syncRegistry', () => {
  let registry: RegistryApiServer;
  beforeEach(async () => (registry = await RegistryApiServer.start(changedStudies(realRecords(), 25, '2024-03-01', 3))));
  afterEach(() => registry.close());

  const sync = (executor: HeldExecutor, cursors: SyncCursorStore) =>
    syncRegistry(
      executor as unknown as TrialCommandExecutor,
      new RegistryApiClient({ baseUrl: registry.baseUrl, pageSize: 10, requestsPerSecond: 100, maxRetryMs: 1000 }, new NoWaiting()),
      cursors,
      { actor: 'spec', since: '2024-03-01', today: '2024-06-01' },
      { onIssue: () => undefined },
    );

  it('given appends that become durable late, then the cursor is saved only once no append of its pages is in flight', async () => {
    const executor = new HeldExecutor();
    const cursors = new WatchingCursors(executor);
    const done = sync(executor, cursors);
    await executor.release(() => cursors.saves.length === 3);
    expect((await done).stopped).toBeNull();
    expect(cursors.saves).toEqual([
      { day: '2024-03-04', inFlight: 0 },
      { day: '2024-03-07', inFlight: 0 },
      { day: '2024-03-09', inFlight: 0 },
    ]);
  });

  it('given a store that fails during page 2, then the run fails and the cursor stays where page 1 left it', async () => {
    const executor = new HeldExecutor();
    const cursors = new WatchingCursors(executor);
    const done = sync(executor, cursors);
    await executor.release(() => cursors.saves.length === 1);
    executor.failFromNowOn(new Error('the event store is unavailable'));
    await executor.release(() => executor.inFlight === 0);
    await expect(done).rejects.toThrow('the event store is unavailable');
    expect(cursors.saves.map((s) => s.day)).toEqual(['2024-03-04']);
  });
});

describe('CursorTracker', () => {
  it('given pages in order, then the cursor is the last day seen, the day itself to be fetched again', () => {
    const t = new CursorTracker('2024-03-01', '2024-06-01');
    ['2024-03-01', '2024-03-02', '2024-03-02'].forEach((d) => t.see(d));
    expect(t.afterPage()).toBe('2024-03-02');
  });

  it('given studies posted today or yesterday (UTC), then the cursor stops at the day before the run began', () => {
    const t = new CursorTracker('2024-05-01', '2024-06-01');
    ['2024-05-30', '2024-05-31', '2024-06-01'].forEach((d) => t.see(d));
    expect([t.afterPage(), t.atEnd()]).toEqual(['2024-05-31', '2024-05-31']);
  });

  it('given a page older than one before it, then the cursor holds at the first day until every page is done', () => {
    const t = new CursorTracker('2024-03-01', '2024-06-01');
    ['2024-03-05', '2024-03-03', null].forEach((d) => t.see(d));
    expect([t.afterPage(), t.atEnd()]).toEqual(['2024-03-01', '2024-03-05']);
  });

  it('given no study, or only studies before the first day asked for, then the cursor stays at that day', () => {
    const t = new CursorTracker('2024-03-01', '2024-06-01');
    expect(t.atEnd()).toBe('2024-03-01');
    t.see('2024-02-01');
    expect(t.atEnd()).toBe('2024-03-01');
  });
});
