import { Client } from 'pg';
import { TestDatabase, postgresForTests } from '../../../../test/support/postgres';
import { CuttableProxy, serverOf } from '../../../../test/support/postgres/tcp-proxy';
import { freePorts } from '../../../../test/support/kafka/free-ports';
import { withClient } from '../../../../test/support/postgres/databases';
import { waitFor } from '../../../../test/support/wait-for';
import { describeEventStoreContract, newEvent } from '../testing/event-store.contract';
import { EventStoreUnavailableError } from '../event-store.errors';
import { RecordedEvent } from '../event-store.port';
import { PostgresEventStore } from './postgres-event-store';
import { APPENDED_CHANNEL } from './postgres-schema';

// The first test of a worker may start the throwaway server.
jest.setTimeout(60_000);

/** Whether a session of this database has run its LISTEN (and is idle since): a commit's NOTIFY reaches it from then on. */
const listening = (url: string): Promise<boolean> =>
  withClient(url, async (client) => {
    const { rows } = await client.query(
      "SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND state = 'idle' AND query = $1",
      [`LISTEN ${APPENDED_CHANNEL}`],
    );
    return rows.length > 0;
  });

describeEventStoreContract('PostgreSQL', async () => {
  const db = await postgresForTests();
  const store = await PostgresEventStore.open(db.url);
  return {
    store,
    cleanup: async () => {
      await store.close();
      await db.dispose();
    },
  };
});

describe('PostgresEventStore specifics', () => {
  let db: TestDatabase;
  const stores: PostgresEventStore[] = [];
  const open = async (url = db.url, options = {}) => {
    const store = await PostgresEventStore.open(url, options);
    stores.push(store);
    return store;
  };
  beforeEach(async () => (db = await postgresForTests()));
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
    await db.dispose();
  });

  it('creates its schema once when several processes open the store at the same time', async () => {
    const [a, b, ...rest] = await Promise.all(Array.from({ length: 6 }, () => open()));
    await a.appendToStream('s-1', [newEvent()], 'no_stream');
    expect(await b.streamRevision('s-1')).toBe(1);
    expect(rest).toHaveLength(4);
  });

  it('replaces, on open, an append function of the earlier shape that NOTIFYed inside every append', async () => {
    const append = "to_regprocedure('event_store.append_events(text,integer,text[],text[],integer[],text[],text[])')";
    const notifies = () =>
      withClient(
        db.url,
        async (c) => (await c.query(`SELECT prosrc LIKE '%pg_notify%' AS n FROM pg_proc WHERE oid = ${append}`)).rows[0].n,
      );
    await (await open()).appendToStream('s-1', [newEvent()], 'no_stream');
    await withClient(db.url, async (c) => {
      const { rows } = await c.query(`SELECT pg_get_functiondef(${append}) AS def`);
      await c.query((rows[0].def as string).replace(/\nEND/, `\n  PERFORM pg_notify('${APPENDED_CHANNEL}', last_position::text);\nEND`));
    });
    expect(await notifies()).toBe(true);
    const reopened = await open();
    expect(await notifies()).toBe(false);
    await reopened.appendToStream('s-1', [newEvent()], 1);
    expect(await reopened.streamRevision('s-1')).toBe(2);
  });

  it('keeps optimistic concurrency across separate connection pools', async () => {
    const writers = await Promise.all(Array.from({ length: 6 }, () => open(db.url, { maxConnections: 2 })));
    await writers[0].appendToStream('s-1', [newEvent()], 'no_stream');
    const results = await Promise.allSettled(
      writers.flatMap((w) => [w, w].map((x) => x.appendToStream('s-1', [newEvent(), newEvent()], 1))),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect((await writers[1].readStream('s-1')).map((e) => e.revision)).toEqual([1, 2, 3]);
  });

  it('wakes a subscriber of another store through NOTIFY, long before its poll', async () => {
    const follower = await open(db.url, { pollMs: 60_000 });
    const writer = await open();
    const seen: RecordedEvent[] = [];
    follower.subscribeToAll({ after: 0 }, async (events) => {
      seen.push(...events);
    });
    await waitFor(() => listening(db.url), 'the follower to LISTEN', { everyMs: 20 });
    // The follower reads once more right after its LISTEN, and that read may find the first append; it is over,
    // its snapshot taken, by the time the first append has been handed over. The second has only NOTIFY to
    // bring it before the poll.
    for (const count of [1, 2]) {
      await writer.appendToStream('s-1', [newEvent()], count === 1 ? 'no_stream' : 1);
      await waitFor(() => seen.length >= count, `append ${count} to reach the follower`);
    }
    expect(seen.map((e) => e.position)).toEqual([1, 2]);
  });

  it('answers EventStoreUnavailableError while the server cannot be reached, and serves again once it is back', async () => {
    const proxy = new CuttableProxy(serverOf(db.url));
    await proxy.open();
    try {
      const store = await open(proxy.via(db.url), { connectionTimeoutMs: 2000 });
      await store.appendToStream('s-1', [newEvent()], 'no_stream');
      await proxy.cut();
      await expect(store.appendToStream('s-1', [newEvent()], 1)).rejects.toBeInstanceOf(EventStoreUnavailableError);
      await expect(store.readStream('s-1')).rejects.toBeInstanceOf(EventStoreUnavailableError);
      await expect(store.headPosition()).rejects.toBeInstanceOf(EventStoreUnavailableError);
      await proxy.open();
      await store.appendToStream('s-1', [newEvent()], 1);
      expect(await store.streamRevision('s-1')).toBe(2);
    } finally {
      await proxy.cut();
    }
  });

  it('refuses to open with EventStoreUnavailableError when no server listens', async () => {
    const [port] = await freePorts(1);
    await expect(PostgresEventStore.open(`postgres://postgres@127.0.0.1:${port}/none`)).rejects.toBeInstanceOf(EventStoreUnavailableError);
  });

  it('stores data and metadata exactly as given, key order included', async () => {
    const store = await open();
    const event = newEvent('Ordered', { zeta: 1, alpha: { y: 2, b: [3, { d: 4, c: 5 }] }, text: 'é "quoted" \\ \u2028' });
    await store.appendToStream('s-1', [event], 'no_stream');
    const [read] = await store.readStream('s-1');
    expect(JSON.stringify(read.data)).toBe(JSON.stringify(event.data));
    expect(JSON.stringify(read.metadata)).toBe(JSON.stringify(event.metadata));
    const raw = new Client(db.url);
    await raw.connect();
    const { rows } = await raw.query('SELECT data::text AS data FROM event_store.events');
    await raw.end();
    expect(rows[0].data).toBe(JSON.stringify(event.data));
  });
});
