import { Logger } from '@nestjs/common';
import { SqliteEventStore } from '@trial-ledger/event-store';
import { InMemoryBroker, InMemoryCheckpoint, revisionsPerKey, statusChangedEvent } from '../testing/relay-doubles';
import { EventRelay } from './event-relay';

const TRIALS = ['NCT00000001', 'NCT00000002', 'NCT00000003'];
const settings = { source: '/trial-ledger', batchSize: 4, backoff: { initialMs: 5, maxMs: 20 } };

const until = async (condition: () => boolean | Promise<boolean>, what: string, ms = 5000): Promise<void> => {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
};

const appendRound = async (store: SqliteEventStore): Promise<void> => {
  for (const nctId of TRIALS) await store.appendToStream(`trial-${nctId}`, [statusChangedEvent(nctId)], 'any');
};

describe('EventRelay', () => {
  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(['error', 'warn', 'log']));
  let store: SqliteEventStore;
  let broker: InMemoryBroker;
  let checkpoint: InMemoryCheckpoint;
  let relay: EventRelay;

  beforeEach(() => {
    store = SqliteEventStore.open(':memory:');
    broker = new InMemoryBroker();
    checkpoint = new InMemoryCheckpoint();
    relay = new EventRelay(store, broker, checkpoint, settings);
  });
  afterEach(async () => {
    await relay.dispose();
    await store.close();
  });

  const caughtUp = async () => (await store.headPosition()) === checkpoint.position;

  it('publishes every event once, in log order, and moves its checkpoint to the head', async () => {
    for (let i = 0; i < 5; i++) await appendRound(store);
    await relay.start();
    await appendRound(store);
    await until(caughtUp, 'the relay to catch up');
    expect(broker.delivered.map((r) => Number(r.headers.ce_globalposition))).toEqual(Array.from({ length: 18 }, (_, i) => i + 1));
    expect(await relay.health()).toEqual({
      enabled: true,
      state: 'running',
      position: 18,
      lag: 0,
      consecutiveFailures: 0,
      lastError: null,
      failedEvent: null,
    });
  });

  it('keeps appending through an outage, reports it, never moves the checkpoint past an unacknowledged event, then delivers all', async () => {
    broker.outage(6);
    await relay.start();
    await appendRound(store);
    await until(async () => (await relay.health()).consecutiveFailures >= 3, 'failures to be reported');
    await appendRound(store);
    expect(await relay.health()).toMatchObject({ state: 'retrying', position: 0, lag: 6, lastError: 'broker unreachable' });
    expect(checkpoint.saved).toEqual([]);
    await until(caughtUp, 'the relay to catch up after the outage');
    expect(revisionsPerKey(broker.delivered)).toEqual(Object.fromEntries(TRIALS.map((t) => [t, [1, 2]])));
    expect(await relay.health()).toMatchObject({ state: 'running', lag: 0, consecutiveFailures: 0, lastError: null });
  });

  it('re-sends a batch the broker half took, so nothing is missing and each trial stays in order', async () => {
    for (let i = 0; i < 4; i++) await appendRound(store);
    broker.partialFailure();
    await relay.start();
    await until(caughtUp, 'the relay to catch up');
    expect(broker.delivered.length).toBeGreaterThan(12);
    expect(revisionsPerKey(broker.delivered)).toEqual(Object.fromEntries(TRIALS.map((t) => [t, [1, 2, 3, 4]])));
  });

  it('after a restart resumes from its checkpoint: no gap, nothing before it again', async () => {
    await appendRound(store);
    await relay.start();
    await until(caughtUp, 'the first relay to catch up');
    await relay.stop();
    await appendRound(store);
    const before = broker.delivered.length;
    relay = new EventRelay(store, broker, checkpoint, settings);
    await relay.start();
    await until(caughtUp, 'the second relay to catch up');
    expect(broker.delivered.slice(before).map((r) => r.headers.ce_globalposition)).toEqual(['4', '5', '6']);
  });

  it('skips streams that are not trials but moves its checkpoint past them', async () => {
    await store.appendToStream('maintenance-1', [statusChangedEvent('NCT00000009')], 'no_stream');
    await appendRound(store);
    await relay.start();
    await until(caughtUp, 'the relay to pass the other stream');
    expect(broker.delivered.map((r) => r.key)).toEqual(TRIALS);
  });

  it('stops on an event it cannot read, never skipping it, and says why', async () => {
    await appendRound(store);
    await store.appendToStream('trial-NCT00000001', [statusChangedEvent('NCT00000001', { schemaVersion: 9 })], 'any');
    await appendRound(store);
    await relay.start();
    await until(async () => (await relay.health()).state === 'failed', 'the relay to fail');
    const health = await relay.health();
    expect(health).toMatchObject({ position: 0, lag: 7, lastError: expect.stringMatching(/version 9 is newer/) });
    expect(health.failedEvent).toEqual({ position: 4, type: 'TrialStatusChanged', streamId: 'trial-NCT00000001' });
    expect(broker.delivered).toEqual([]);
  });

  it('reads ahead while a batch is on the wire, yet publishes one batch at a time and checkpoints only what was acknowledged', async () => {
    broker = new InMemoryBroker(10);
    relay = new EventRelay(store, broker, checkpoint, settings);
    const deliveredAtSave: [number, number][] = [];
    const save = checkpoint.save.bind(checkpoint);
    jest.spyOn(checkpoint, 'save').mockImplementation(async (position) => {
      deliveredAtSave.push([position, broker.delivered.length]);
      await save(position);
    });
    const read = store.readAll.bind(store);
    let readsDuringPublish = 0;
    jest.spyOn(store, 'readAll').mockImplementation(async (options) => {
      if (broker.inFlight > 0) readsDuringPublish += 1;
      return read(options);
    });
    for (let i = 0; i < 6; i++) await appendRound(store);
    await relay.start();
    await until(caughtUp, 'the relay to catch up');
    expect(readsDuringPublish).toBeGreaterThan(0);
    expect(broker.maxInFlight).toBe(1);
    expect(deliveredAtSave.every(([position, delivered]) => delivered >= position)).toBe(true);
    expect(broker.delivered.map((r) => Number(r.headers.ce_globalposition))).toEqual(Array.from({ length: 18 }, (_, i) => i + 1));
  });

  it('restarts from its checkpoint when the last checkpoint write fails with nothing after it, and delivers again', async () => {
    await appendRound(store);
    await relay.start();
    await until(caughtUp, 'the relay to catch up');
    checkpoint.failNextSave();
    await store.appendToStream(`trial-${TRIALS[0]}`, [statusChangedEvent(TRIALS[0])], 'any');
    await until(caughtUp, 'the relay to catch up after its restart');
    expect(broker.delivered.map((r) => r.headers.ce_globalposition)).toEqual(['1', '2', '3', '4', '4']);
    expect(await relay.health()).toMatchObject({ state: 'running', position: 4, lag: 0 });
  });

  it('stops promptly even in the middle of a long backoff', async () => {
    relay = new EventRelay(store, broker, checkpoint, { ...settings, backoff: { initialMs: 600_000, maxMs: 600_000 } });
    broker.outage(1);
    await relay.start();
    await appendRound(store);
    await until(() => broker.attempts === 1, 'the first attempt');
    await relay.stop();
    expect(await relay.health()).toMatchObject({ state: 'standby', position: 0 });
  });
});
