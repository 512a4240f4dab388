import { Client } from 'pg';
import { TestDatabase, postgresForTests } from '../../../../test/support/postgres';
import { newEvent } from '../testing/event-store.contract';
import { RecordedEvent } from '../event-store.port';
import { PostgresEventStore } from './postgres-event-store';

/*
 * Followers of the global log must never skip an event that commits after a later position did. These specs
 * prove it under load, and show the failure they guard against: a naive `WHERE position > checkpoint` reader
 * does skip, and so would the transaction-id filter alone if positions and transaction ids were not allocated
 * together (see postgres-schema.ts). Checked by mutation: with readAll reduced to `position > $1` the first two
 * specs fail (the first one's follower missed 413 of some 2,400 events); with the advisory lock taken out of
 * allocate_positions (the filter without the lock) the first fails, its follower missing 2 to 22 events in
 * each of 7 runs: the race it needs, a transaction id taken between another's id and its positions, is rare.
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
const waitFor = async (ok: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> => {
  const end = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > end) return false;
    await sleep(20);
  }
  return true;
};

/*
 * Late commits are made on the database side, so that the store runs exactly as shipped: once the store has
 * created its schema, a test adds `hold_commit`, a constraint trigger on event_store.events deferred to commit
 * time. It fires when the append's transaction commits, after the append took its transaction id and positions,
 * and wrote its rows, and keeps that transaction open (its rows invisible, its transaction id
 * running) as the event's data asks:
 * - `holdCommitMs: n` sleeps n ms. This sleep is the point, not a wait for a condition: it stands in for a
 *   transaction that is slow to commit (a busy server, a slow disk), so that later positions commit first.
 * - `holdCommitUntilGateOpens: true` waits for the advisory lock GATE, which the test holds on a connection of
 *   its own (closedGate): the test decides when that commit may finish, and sees when it waits.
 * The trigger takes the gate as a transaction lock, so it lets go of it at commit.
 */
const GATE = [0x544c5447, 1]; // "TLTG", a lock class of its own: the store's are "TLES" and the one after it.

const HOLD_COMMITS = `
CREATE FUNCTION public.hold_commit() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF NEW.data->>'holdCommitMs' IS NOT NULL THEN
    PERFORM pg_sleep((NEW.data->>'holdCommitMs')::numeric / 1000);
  END IF;
  IF NEW.data->>'holdCommitUntilGateOpens' = 'true' THEN
    PERFORM pg_advisory_xact_lock(${GATE[0]}, ${GATE[1]});
  END IF;
  RETURN NULL;
END
$fn$;
CREATE CONSTRAINT TRIGGER hold_commit AFTER INSERT ON event_store.events
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.hold_commit();`;

/** Adds the trigger; `event_store.events` must exist, so a store must have been opened on the database first. */
const holdCommits = async (url: string): Promise<void> => {
  const client = await connected(url);
  try {
    await client.query(HOLD_COMMITS);
  } finally {
    await client.end();
  }
};

/** Holds GATE on a connection of its own until `open()`: commits held until the gate opens wait till then. */
const closedGate = async (url: string) => {
  const client = await connected(url);
  await client.query('SELECT pg_advisory_lock($1, $2)', GATE);
  let opened: Promise<void> | null = null;
  return {
    /** Whether some transaction waits for the gate (in pg_locks: a two-key advisory lock not granted). */
    waiting: async (): Promise<boolean> =>
      (
        await client.query(
          `SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND classid = $1 AND objid = $2 AND objsubid = 2 AND NOT granted
         AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
          GATE,
        )
      ).rows.length > 0,
    open: (): Promise<void> =>
      (opened ??= (async () => {
        await client.query('SELECT pg_advisory_unlock($1, $2)', GATE);
        await client.end();
      })()),
  };
};

type Ack = { lastPosition: number; ids: string[] };

/** One append in three is held open at commit, after taking its positions, for 1-8 ms: late commits happen. */
const sometimesHeld = (): Record<string, unknown> => (random(3) === 0 ? { holdCommitMs: 1 + random(8) } : {});

const runWriter = async (store: PostgresEventStore, acks: Ack[]): Promise<void> => {
  const lane = async () => {
    for (let i = 0; i < APPENDS_PER_WRITER / LANES_PER_WRITER; i++) {
      // The hold rides on the append's first event: the trigger sees each row, and holds once per append.
      const events = [newEvent('Appended', sometimesHeld()), ...Array.from({ length: random(3) }, () => newEvent('Appended'))];
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
      'SELECT position, event_id FROM event_store.events WHERE position > $1 ORDER BY position',
      [checkpoint],
    );
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
 * anything the follower would hand over twice, so duplicates show. The naive reader has stopped by then, so what
 * it missed is counted among the events acknowledged while it read (counting that last one too, it could never
 * have missed nothing).
 */
const underLoad = async (url: string, stores: PostgresEventStore[]) => {
  const follower = await PostgresEventStore.open(url);
  await holdCommits(url);
  const writers = await Promise.all(
    Array.from({ length: WRITERS }, () => PostgresEventStore.open(url, { maxConnections: LANES_PER_WRITER })),
  );
  stores.push(follower, ...writers);
  const seen: RecordedEvent[] = [];
  const subscription = follower.subscribeToAll({ after: 0, batchSize: 50 }, async (events) => {
    seen.push(...events);
  });
  const acks: Ack[] = [];
  let writing = true;
  const naive = naiveFollower(url, () => !writing);
  try {
    await Promise.all(writers.map((w) => runWriter(w, acks)));
  } finally {
    writing = false;
  }
  const naiveSeen = await naive;
  const naiveMissed = acks.flatMap((a) => a.ids).filter((id) => !naiveSeen.has(id)).length;
  await waitFor(() => seen.length >= acks.flatMap((a) => a.ids).length, 20_000);
  const last = newEvent('Appended');
  acks.push({ lastPosition: (await writers[0].appendToStream('order-last', [last], 'no_stream')).lastPosition, ids: [last.eventId] });
  await waitFor(() => seen.some((e) => e.eventId === last.eventId), 20_000);
  await subscription.stop();
  return { acks, seen, naiveMissed };
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
    const { acks, seen, naiveMissed } = await underLoad(db.url, stores);
    const acknowledged = acks.flatMap((a) => a.ids);
    const seenIds = new Set(seen.map((e) => e.eventId));
    expect({
      missed: acknowledged.filter((id) => !seenIds.has(id)).length,
      seenTwice: seen.length - seenIds.size,
      outOfOrder: seen.filter((e, i) => i > 0 && e.position <= seen[i - 1].position).length,
    }).toEqual({ missed: 0, seenTwice: 0, outOfOrder: 0 });
    expect([...seenIds].sort()).toEqual([...acknowledged].sort());
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
    // A short poll: the read that shows the hold-back (below) comes at the latest one poll after the append.
    const store = await PostgresEventStore.open(db.url, { pollMs: 50 });
    stores.push(store);
    await holdCommits(db.url);
    const gate = await closedGate(db.url);
    const seen: number[] = [];
    let fastAcknowledged = false;
    const followerReads = readsBegunWhen(store, () => fastAcknowledged);
    store.subscribeToAll({ after: 0 }, async (events) => {
      seen.push(...events.map((e) => e.position));
    });

    const slow = store.appendToStream('slow', [newEvent('Happened', { holdCommitUntilGateOpens: true })], 'no_stream');
    try {
      // Waiting at the gate means committing: the slow append has taken position 1 and written its row.
      expect(await waitFor(gate.waiting, 5000)).toBe(true);
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
      await gate.open();
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
      await setup.query(
        'CREATE TABLE naive_log (position bigint PRIMARY KEY, transaction_id xid8 NOT NULL); CREATE SEQUENCE naive_positions',
      );
      const insert = "INSERT INTO naive_log VALUES (nextval('naive_positions'), pg_current_xact_id())";
      await a.query('BEGIN');
      await a.query('SELECT pg_current_xact_id()'); // A gets its transaction id first ...
      await c.query('BEGIN');
      await c.query(insert); // ... C takes position 1 with a newer transaction id ...
      await a.query(insert); // ... and A position 2.
      await a.query('COMMIT');
      const visible = await reader.query(
        'SELECT position FROM naive_log WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot()) ORDER BY position',
      );
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
