import { EventStore, KurrentClient, KurrentDbEventStore, NewEvent, SqliteEventStore } from '@trial-ledger/event-store';
import { InProcessProjectionRunner, TrialReadModel } from '@trial-ledger/read-models';
import { DisabledRelayStatus } from '@trial-ledger/relay';
// The fake is not among the library's exports (testing/ stays out of dist), hence the path.
import { FakeKurrentDbClient } from '../../../event-store/src/kurrentdb/testing/fake-kurrentdb-client';
import { BackgroundWork } from '../background-work';
import { DependencyOutageLog } from './dependency-failure';
import { HealthHttpController } from './health.http.controller';
import { ProgressWatch } from './progress-watch';
import { ProbesHttpController, ReadinessSettings } from './probes.http.controller';

type Health = { eventStore: { headPosition: number }; readModels: { position: number; lag: number } };
const probes = (store: EventStore, readModel: TrialReadModel) =>
  new ProbesHttpController(
    store,
    readModel,
    new DisabledRelayStatus(),
    work,
    limits,
    new ProgressWatch(30_000, () => 0),
    new DependencyOutageLog(),
    new InProcessProjectionRunner(store, []),
    null,
  );

let seq = 0;
const event = (): NewEvent => {
  const eventId = `health-${++seq}`;
  const metadata = {
    eventId,
    commandId: 'c',
    correlationId: 'c',
    causationId: 'c',
    actor: 'a',
    role: 'operator',
    recordedAt: '2025-01-01T00:00:00.000Z',
  };
  return { eventId, type: 'Happened', schemaVersion: 1, data: {}, metadata };
};

const readModelAt = (position: () => number): TrialReadModel =>
  Object.assign(Object.create(TrialReadModel.prototype) as TrialReadModel, { position: async () => position() });
const work = Object.assign(Object.create(BackgroundWork.prototype) as BackgroundWork, { isLeader: () => true });
const limits: ReadinessSettings = { maxReadModelLag: 10, maxRelayLag: 10, stallSeconds: 30 };
/** Just what the probes call on the response they are handed. */
const response = () => ({
  code: 200,
  contentType: 'application/json',
  headers: {} as Record<string, string>,
  status(code: number) {
    this.code = code;
    return this;
  },
  type(contentType: string) {
    this.contentType = contentType;
    return this;
  },
  header(name: string, value: string) {
    this.headers[name] = value;
    return this;
  },
});

/*
 * The race issue 21 saw under load: a command lands and the projections apply it while a probe is between its
 * reads. Here that happens, deterministically, right after every read the probe makes of the log. Read in the
 * order log head, then read-model position, /health answered lag −1 with the read models ahead of the head.
 */
describe('GET /health under appends that land between its reads', () => {
  let log: SqliteEventStore;
  let applied: number;
  /** A command lands and the projections catch up with it at once. */
  const meanwhile = async (): Promise<void> => {
    await log.appendToStream('trial-1', [event()], 'any');
    applied = await log.headPosition();
  };
  const racing = (): EventStore =>
    Object.assign(Object.create(log) as EventStore, {
      headPosition: async () => {
        const head = await log.headPosition();
        await meanwhile();
        return head;
      },
      countEventsAfter: async (after: number, limit: number) => {
        const counted = await log.countEventsAfter(after, limit);
        await meanwhile();
        return counted;
      },
    });

  beforeEach(async () => {
    log = SqliteEventStore.open(':memory:');
    await log.appendToStream('trial-1', [event(), event()], 'no_stream');
    applied = 1;
  });
  afterEach(() => log.close());

  it('reads the read models first: the lag is never below 0 and the read models never ahead of the head', async () => {
    const health = new HealthHttpController(
      racing(),
      readModelAt(() => applied),
      new DisabledRelayStatus(),
      work,
      new DependencyOutageLog(),
    );
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push((await health.health(response() as never)) as Health);
    expect(answers[0]).toMatchObject({ eventStore: { headPosition: 3 }, readModels: { position: 1, lag: 1 } });
    for (const { readModels, eventStore } of answers) {
      expect(readModels.lag).toBeGreaterThanOrEqual(0);
      expect(readModels.position).toBeLessThanOrEqual(eventStore.headPosition);
    }
  });
});

describe('lags on KurrentDB, where positions are byte offsets', () => {
  it('are events behind in /health and /health/ready, not the distance between offsets', async () => {
    const store = new KurrentDbEventStore(new FakeKurrentDbClient() satisfies KurrentClient);
    const first = await store.appendToStream('trial-1', [event()], 'no_stream');
    await store.appendToStream('trial-2', [event(), event()], 'no_stream');
    const readModel = readModelAt(() => first.lastPosition);

    const health = (await new HealthHttpController(store, readModel, new DisabledRelayStatus(), work, new DependencyOutageLog()).health(
      response() as never,
    )) as Health;
    expect(health.eventStore.headPosition - health.readModels.position).toBeGreaterThan(100);
    expect(health.readModels).toEqual({ position: first.lastPosition, lag: 2 });

    const res = response();
    const ready = await probes(store, readModel).ready(res as never);
    expect(res.code).toBe(200);
    expect(ready).toMatchObject({ ready: true, checks: { readModels: { ok: true, detail: 'lag 2 (max 10)' } } });
    await store.close();
  });
});
