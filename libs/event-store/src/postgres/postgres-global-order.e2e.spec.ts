import { Client } from 'pg';
import { TestDatabase, postgresForTests } from '../../../../test/support/postgres';
import { newEvent } from '../testing/event-store.contract';
import { RecordedEvent } from '../event-store.port';
import { PostgresEventStore } from './postgres-event-store';

/*
 * Followers of the global log must never skip an event that commits after a later position did. These specs
 * prove it under load, and show the failure they guard against: a naive `WHERE position > checkpoint` reader
 * does skip, and so would the transaction-id filter alone if positions and transaction ids were not allocated
 * together (see postgres-schema.ts). Checked by mutation: with readAll reduced to `position > $1`, or with
 * positions taken by a plain nextval (the filter without the allocation lock), the first spec fails; the
 * latter's follower missed 189 to 248 of some 2,400 events per run.
 */
jest.setTimeout(180_000);

const WRITERS = 8;
const APPENDS_PER_WRITER = 150;
const LANES_PER_WRITER = 3;
const STREAMS = 40;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const random = (n: number) => Math.floor(Math.random() * n);

const connected = async (url: string): Promise<Client> => {
  const client = new Client(url);
  await client.connect();
  return client;
};

/** Resolves true once `ok()` holds, false when `timeoutMs` passed first. */
const waitFor = async (ok: () => boolean, timeoutMs: number): Promise<boolean> => {
  const end = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > end) return false;
    await sleep(20);
  }
  return true;
};

type Ack = { lastPosition: number; ids: string[] };

/** A transaction held open after taking its positions, for 1-8 ms, one time in three: late commits happen. */
const sometimesHold = async (): Promise<void> => {
  if (random(3) === 0) await sleep(1 + random(8));
};

const runWriter = async (store: PostgresEventStore, acks: Ack[]): Promise<void> => {
  const lane = async () => {
    for (let i = 0; i < APPENDS_PER_WRITER / LANES_PER_WRITER; i++) {
      const events = Array.from({ length: 1 + random(3) }, () => newEvent('Appended'));
      const { lastPosition } = await store.appendToStream(`order-${random(STREAMS)}`, events, 'any');
      acks.push({ lastPosition, ids: events.map((e) => e.eventId) });
    }
  };
  await Promise.all(Array.from({ length: LANES_PER_WRITER }, lane));
};

/** What a follower reading `WHERE position > checkpoint` would see; it stops when `done()` and one last read is made. */
const naiveFollower = async (url: string, done: () => boolean): Promise<Set<string>> => {
  const client = await connected(url);
  const seen = new Set<string>();
  let checkpoint = 0;
  for (let last = false; !last;) {
    last = done();
    const { rows } = await client.query<{ position: string; event_id: string }>(
      'SELECT position, event_id FROM event_store.events WHERE position > $1 ORDER BY position', [checkpoint]);
    rows.forEach((r) => seen.add(r.event_id));
    if (rows.length > 0) checkpoint = Number(rows[rows.length - 1].position);
    await sleep(1);
  }
  await client.end();
  return seen;
};

/**
 * Counts the reads of the log made through `store.readAll` (the subscriptions' reads go there too) that began
 * while `begun()` held, once each has ended. Should the subscriptions stop reading through it, nothing is
 * counted and a wait on the count fails: this never passes by missing a read.
 */
const readsBegunWhen = (store: PostgresEventStore, begun: () => boolean) => {
  const read = store.readAll.bind(store);
  const reads = { ended: 0, restore: () => spy.mockRestore() };
  const spy = jest.spyOn(store, 'readAll').mockImplementation(async (options) => {
    const counted = begun();
    const events = await read(options);
    if (counted) reads.ended += 1;
    return events;
  });
  return reads;
};

/** Acknowledgements of a position lower than one acknowledged before: commits that came after a later position's. */
const lateCommits = (acks: Ack[]): number => {
  let highest = 0;
  let late = 0;
  for (const ack of acks) {
    if (ack.lastPosition < highest) late += 1;
    highest = Math.max(highest, ack.lastPosition);
  }
  return late;
};

/**
 * WRITERS stores (pools of their own, as separate processes would have) append concurrently while a store
 * follows from 0 and a naive reader polls. Resolves once the follower has caught up with every acknowledged
 * event (or 20 s later), and then with one more appended after them all: handed over in order, it comes after
 * anything the follower would hand over twice, so duplicates show.
 */
const underLoad = async (url: string, stores: PostgresEventStore[]) => {
  const follower = await PostgresEventStore.open(url);
  const writers = await Promise.all(Array.from({ length: WRITERS }, () =>
    PostgresEventStore.open(url, { maxConnections: LANES_PER_WRITER, beforeCommit: sometimesHold })));
  stores.push(follower, ...writers);
  const seen: RecordedEvent[] = [];
  const subscription = follower.subscribeToAll({ after: 0, batchSize: 50 }, async (events) => { seen.push(...events); });
  const acks: Ack[] = [];
  let writing = true;
  const naive = naiveFollower(url, () => !writing);
  try {
    await Promise.all(writers.map((w) => runWriter(w, acks)));
  } finally {
    writing = false;
  }
  await waitFor(() => seen.length >= acks.flatMap((a) => a.ids).length, 20_000);
  const last = newEvent('Appended');
  acks.push({ lastPosition: (await writers[0].appendToStream('order-last', [last], 'no_stream')).lastPosition, ids: [last.eventId] });
  await waitFor(() => seen.some((e) => e.eventId === last.eventId), 20_000);
  await subscription.stop();
  return { acks, seen, naiveSeen: await naive };
};

describe('PostgreSQL event store: gap-free global order', () => {
  let db: TestDatabase;
  const stores: PostgresEventStore[] = [];
  beforeEach(async () => (db = await postgresForTests()));
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
    await db.dispose();
  });

  it('a follower sees every acknowledged event exactly once, in increasing position order, under concurrent late commits', async () => {
    const started = Date.now();
    const { acks, seen, naiveSeen } = await underLoad(db.url, stores);
    const acknowledged = acks.flatMap((a) => a.ids);
    const seenIds = new Set(seen.map((e) => e.eventId));
    expect({
      missed: acknowledged.filter((id) => !seenIds.has(id)).length,
      seenTwice: seen.length - seenIds.size,
      outOfOrder: seen.filter((e, i) => i > 0 && e.position <= seen[i - 1].position).length,
    }).toEqual({ missed: 0, seenTwice: 0, outOfOrder: 0 });
    expect([...seenIds].sort()).toEqual([...acknowledged].sort());
    const naiveMissed = acknowledged.filter((id) => !naiveSeen.has(id)).length;
    // Had late commits not happened, this test would prove nothing; the naive reader shows what they cost.
    expect(lateCommits(acks)).toBeGreaterThan(0);
    expect(naiveMissed).toBeGreaterThan(0);
    console.log(
      `gap-free order: ${acknowledged.length} events in ${acks.length} appends by ${WRITERS} writers ` +
      `(${WRITERS * LANES_PER_WRITER} connections); ${lateCommits(acks)} appends acknowledged after a later position; ` +
      `follower saw ${seen.length}, each once, in order; a naive position reader missed ${naiveMissed}; ${Date.now() - started} ms`,
    );
  });

  it('holds back an event committed after an earlier position that is still open; a naive reader skips the earlier one', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let taken!: () => void;
    const positionTaken = new Promise<void>((resolve) => (taken = resolve));
    const beforeCommit = async (streamId: string) => {
      if (streamId !== 'slow') return;
      taken();
      await held;
    };
    // A short poll: the read that shows the hold-back (below) comes at the latest one poll after the append.
    const store = await PostgresEventStore.open(db.url, { beforeCommit, pollMs: 50 });
    stores.push(store);
    const seen: number[] = [];
    let fastAcknowledged = false;
    const followerReads = readsBegunWhen(store, () => fastAcknowledged);
    store.subscribeToAll({ after: 0 }, async (events) => { seen.push(...events.map((e) => e.position)); });

    const slow = store.appendToStream('slow', [newEvent()], 'no_stream');
    try {
      await positionTaken;
      expect(await store.appendToStream('fast', [newEvent()], 'no_stream')).toEqual({ nextRevision: 1, lastPosition: 2 });
      fastAcknowledged = true;
      const raw = await connected(db.url);
      const naive = await raw.query('SELECT position FROM event_store.events WHERE position > 0 ORDER BY position');
      await raw.end();
      // A naive follower would now hold 2, move its checkpoint to 2, and never read position 1.
      expect(naive.rows.map((r) => Number(r.position))).toEqual([2]);
      // The subscription has read the log since 2 was committed, and handed nothing over: it held 2 back.
      expect(await waitFor(() => followerReads.ended > 0, 5000)).toBe(true);
      expect(seen).toEqual([]);
      followerReads.restore();
      expect(await store.readAll({ after: 0, maxCount: 10 })).toEqual([]);
    } finally {
      // Even when an expectation failed: the open transaction would keep close() waiting.
      release();
      await slow;
    }
    expect((await store.readAll({ after: 0, maxCount: 10 })).map((e) => e.position)).toEqual([1, 2]);
    expect(await waitFor(() => seen.length === 2, 5000)).toBe(true);
    expect(seen).toEqual([1, 2]);
  });

  it('needs transaction ids and positions taken together: the transaction-id filter alone would skip', async () => {
    await PostgresEventStore.open(db.url).then((s) => s.close());
    const [setup, a, c, reader] = await Promise.all([1, 2, 3, 4].map(() => connected(db.url)));
    try {
      await setup.query('CREATE TABLE naive_log (position bigint PRIMARY KEY, transaction_id xid8 NOT NULL); CREATE SEQUENCE naive_positions');
      const insert = "INSERT INTO naive_log VALUES (nextval('naive_positions'), pg_current_xact_id())";
      await a.query('BEGIN');
      await a.query('SELECT pg_current_xact_id()'); // A gets its transaction id first ...
      await c.query('BEGIN');
      await c.query(insert); // ... C takes position 1 with a newer transaction id ...
      await a.query(insert); // ... and A position 2.
      await a.query('COMMIT');
      const visible = await reader.query(
        'SELECT position FROM naive_log WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot()) ORDER BY position');
      // Position 2 passes the filter while position 1 is still uncommitted: a follower would skip it.
      expect(visible.rows.map((r) => Number(r.position))).toEqual([2]);
      await c.query('COMMIT');

      // The store's allocation refuses to run once the transaction has an id, so this order cannot arise.
      await a.query('BEGIN');
      await a.query('SELECT pg_current_xact_id()');
      await expect(a.query('SELECT event_store.allocate_positions(1)')).rejects.toThrow(/before the transaction writes/);
      await a.query('ROLLBACK');
    } finally {
      await Promise.all([setup, a, c, reader].map((client) => client.end()));
    }
  });
});
