import { Logger } from '@nestjs/common';
import { DEFAULT_UNKNOWN_POLICY } from '@trial-ledger/domain';
import { Pacing, RegistryApiClient } from '@trial-ledger/importer';
import { Metrics } from '@trial-ledger/platform';
import { RegistryApiServer, changedStudies } from '../../../../../test/support/registry-api-server';
import { realRecords } from '../../../../../test/support/registry-corpus';
import { waitFor, within } from '../../../../../test/support/wait-for';
import { TrialCommandExecutor } from '../shared/trial-command-executor';
import { ScheduledSync } from './scheduled-sync';
import { SyncCursorStore } from './sync-cursor-store.port';

class NoWaiting extends Pacing {
  now = () => 0;
  sleep = async () => undefined;
  random = () => 0.5;
}

class MemoryCursors extends SyncCursorStore {
  constructor(readonly days: Map<string, string>) {
    super();
  }
  load = async (registry: string) => this.days.get(registry) ?? null;
  save = async (registry: string, day: string) => void this.days.set(registry, day);
  close = async () => undefined;
}

const durable = { execute: async () => ({ eventIds: ['e'], revision: 1, replayed: false, events: [] }) } as unknown as TrialCommandExecutor;
const clock = { now: () => new Date('2024-06-01T10:00:00Z') };

describe('ScheduledSync', () => {
  let registry: RegistryApiServer;
  let warnings: string[];
  beforeEach(async () => {
    registry = await RegistryApiServer.start(changedStudies(realRecords(), 12, '2024-03-01', 2));
    warnings = [];
    jest.spyOn(Logger.prototype, 'warn').mockImplementation((m: unknown) => void warnings.push(String(m)));
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await registry.close();
  });

  const job = (days: Map<string, string>, since: string | null, intervalMs = 60_000, metrics?: Metrics) =>
    new ScheduledSync(
      durable,
      new RegistryApiClient({ baseUrl: registry.baseUrl, pageSize: 5, requestsPerSecond: 100, maxRetryMs: 1000 }, new NoWaiting()),
      () => new MemoryCursors(days),
      clock,
      { intervalMs, since, unknownPolicy: DEFAULT_UNKNOWN_POLICY, metrics },
    );

  it('given metrics, when a run ends, then its pages, studies read and recorded, and its cursor are counted', async () => {
    const metrics = new Metrics();
    const days = new Map<string, string>();
    const sync = job(days, '2024-03-01', 60_000, metrics);
    sync.start();
    const counted = async (result: string) => (await metrics.syncStudies.get()).values.find((v) => v.labels.result === result)?.value;
    await waitFor(async () => (await counted('read')) === 12 && days.has(registry.baseUrl), 'the run to count its 12 studies');
    await sync.stop();
    expect((await metrics.syncPages.get()).values[0].value).toBe(registry.pageRequests.length);
    expect(await counted('recorded')).toBe(12);
    expect((await metrics.syncReported.get()).values[0].value).toBe(0);
    expect((await metrics.syncCursor.get()).values[0].value).toBe(Date.parse(`${days.get(registry.baseUrl)}T00:00:00Z`) / 1000);
  });

  it('given no cursor and no SYNC_SINCE, when started, then it says so and asks the registry nothing', async () => {
    const sync = job(new Map(), null);
    sync.start();
    await waitFor(() => warnings.length > 0, 'the warning');
    await sync.stop();
    expect(warnings).toEqual([
      expect.stringMatching(/^no sync cursor is saved for .+: the first sync needs SYNC_SINCE <yyyy-MM-dd>.+; not syncing$/),
    ]);
    expect(registry.requests).toEqual([]);
  });

  it('given SYNC_SINCE, then the first run starts there; the next, an interval later, from the saved cursor', async () => {
    const days = new Map<string, string>();
    const sync = job(days, '2024-03-01', 50);
    sync.start();
    await waitFor(() => registry.pageRequests.filter((u) => !u.searchParams.has('pageToken')).length >= 2, 'two runs');
    await sync.stop();
    const firstPages = registry.pageRequests
      .filter((u) => !u.searchParams.has('pageToken'))
      .map((u) => u.searchParams.get('filter.advanced'));
    expect(firstPages.slice(0, 2)).toEqual([
      'AREA[LastUpdatePostDate]RANGE[2024-03-01,MAX]',
      'AREA[LastUpdatePostDate]RANGE[2024-03-06,MAX]',
    ]);
    expect(days.get(registry.baseUrl)).toBe('2024-03-06');
  });

  it('given a page being recorded, when stopped, then stop waits for its appends and the cursor they cover', async () => {
    const held: (() => void)[] = [];
    const holding = {
      execute: () => new Promise((resolve) => held.push(() => resolve({ eventIds: ['e'], revision: 1, replayed: false, events: [] }))),
    } as unknown as TrialCommandExecutor;
    const days = new Map<string, string>();
    const sync = new ScheduledSync(
      holding,
      new RegistryApiClient({ baseUrl: registry.baseUrl, pageSize: 5, requestsPerSecond: 100, maxRetryMs: 1000 }, new NoWaiting()),
      () => new MemoryCursors(days),
      clock,
      { intervalMs: 10, since: '2024-03-01', unknownPolicy: DEFAULT_UNKNOWN_POLICY },
    );
    sync.start();
    await waitFor(() => held.length === 5, 'the five appends of page 1');
    const stopped = sync.stop();
    expect(await within(100, stopped)).toBe('late');
    held.splice(0).forEach((resolve) => resolve());
    await stopped;
    expect(days.get(registry.baseUrl)).toBe('2024-03-03');
  });
});
