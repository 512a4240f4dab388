import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeEventStoreContract, newEvent } from '../testing/event-store.contract';
import { EventStoreUnavailableError } from '../event-store.errors';
import { SqliteEventStore } from './sqlite-event-store';

const tempDir = () => mkdtempSync(join(tmpdir(), 'es-'));

describeEventStoreContract('SQLite', async () => {
  const dir = tempDir();
  const store = SqliteEventStore.open(join(dir, 'events.sqlite'));
  return {
    store,
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe('SqliteEventStore specifics', () => {
  let dir: string;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('commits concurrent appends together: 50 appends, far fewer commits', async () => {
    const store = SqliteEventStore.open(join(dir, 'e.sqlite'));
    await Promise.all(Array.from({ length: 50 }, (_, i) => store.appendToStream(`s-${i}`, [newEvent()], 'no_stream')));
    expect(store.stats.appends).toBe(50);
    expect(store.stats.commits).toBeLessThan(5);
    await store.close();
  });

  it('keeps acknowledged events across a reopen', async () => {
    const file = join(dir, 'e.sqlite');
    const first = SqliteEventStore.open(file);
    await first.appendToStream('s-1', [newEvent(), newEvent()], 'no_stream');
    await first.close();
    const second = SqliteEventStore.open(file);
    expect(await second.streamRevision('s-1')).toBe(2);
    await second.close();
  });

  it('answers EventStoreUnavailableError on a read-only database and appends nothing', async () => {
    const file = join(dir, 'e.sqlite');
    const setup = SqliteEventStore.open(file);
    await setup.appendToStream('s-1', [newEvent()], 'no_stream');
    await setup.close();
    const ro = SqliteEventStore.open(file);
    // query_only makes SQLite refuse writes with SQLITE_READONLY, the failure a read-only mount gives.
    (ro as unknown as { conn: { db: import('better-sqlite3').Database } }).conn.db.pragma('query_only = ON');
    await expect(ro.appendToStream('s-1', [newEvent()], 1)).rejects.toBeInstanceOf(EventStoreUnavailableError);
    expect(await ro.streamRevision('s-1')).toBe(1);
    // The refusal makes the store open a fresh connection (query_only does not survive it, as a fixed file mode
    // would not stay read-only on a new connection): the next append is taken without a restart.
    await expect(ro.appendToStream('s-1', [newEvent()], 1)).resolves.toEqual(expect.objectContaining({ nextRevision: 2 }));
    expect(await ro.streamRevision('s-1')).toBe(2);
    await ro.close();
  });
});
