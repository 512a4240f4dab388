import Database from 'better-sqlite3';
import { join } from 'node:path';
import { NewEvent, RecordedEvent, SqliteEventStore } from '@trial-ledger/event-store';
import { Row } from '../../libs/event-store/src/sqlite/sqlite-connection';
import { StoreSide, storeSide } from './store-workload';

type Pending = { streamId: string; events: NewEvent[]; expected: number; done(error?: Error): void };

export const ourSqliteSide = (dir: string, label = 'ours'): StoreSide => storeSide(SqliteEventStore.open(join(dir, `${label}.db`)), label);

const openRaw = async (file: string): Promise<Database.Database> => {
  await SqliteEventStore.open(file).close();
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  return db;
};

/** Appends that arrive in the same turn of the event loop go to `commit` together. */
const grouping = (commit: (group: Pending[]) => (Error | undefined)[]): StoreSide['append'] => {
  let queue: Pending[] = [];
  const flush = () => {
    const group = queue;
    queue = [];
    commit(group).forEach((error, i) => group[i].done(error));
  };
  return (streamId, events, expected) =>
    new Promise<void>((resolve, reject) => {
      if (queue.length === 0) setImmediate(flush);
      queue.push({ streamId, events, expected, done: (error) => (error ? reject(error) : resolve()) });
    });
};

/** A revision check and the inserts; nested in a transaction better-sqlite3 runs it as a savepoint. */
const appender = (db: Database.Database) => {
  const revision = db.prepare<[string], { r: number | null }>('SELECT max(revision) AS r FROM events WHERE stream_id = ?');
  const insert = db.prepare(
    'INSERT INTO events (stream_id, revision, event_id, type, schema_version, data, metadata) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const single = db.transaction(({ streamId, events, expected }: Pending): void => {
    const current = revision.get(streamId)?.r ?? 0;
    if (current !== expected) throw new Error(`${streamId} is at ${current}, not ${expected}`);
    events.forEach((e, i) =>
      insert.run(streamId, current + i + 1, e.eventId, e.type, e.schemaVersion, JSON.stringify(e.data), JSON.stringify(e.metadata)),
    );
  });
  return (p: Pending): Error | undefined => {
    try {
      single(p);
      return undefined;
    } catch (error) {
      return error as Error;
    }
  };
};

/**
 * Hand-written better-sqlite3 doing the durable work the adapter promises and nothing more: the adapter's own
 * table (created by opening the adapter once), WAL with synchronous=FULL, a revision check and the inserts in
 * one transaction per append. Appends that arrive together share a commit (one fsync), each in a savepoint so
 * that one failing does not take the others down; a lone append needs no savepoint and gets none.
 */
export const rawSqliteSide = async (dir: string, label = 'raw better-sqlite3'): Promise<StoreSide> => {
  const db = await openRaw(join(dir, 'raw.db'));
  const attempt = appender(db);
  const grouped = db.transaction((group: Pending[]) => group.map(attempt));
  const stream = db.prepare<[string, number, number], Row>(
    'SELECT * FROM events WHERE stream_id = ? AND revision >= ? AND revision <= ? ORDER BY revision',
  );
  return {
    label,
    append: grouping((group) => (group.length === 1 ? [attempt(group[0])] : grouped(group))),
    read: async (streamId) => stream.all(streamId, 1, Number.MAX_SAFE_INTEGER).map(decoded).length,
    close: async () => {
      db.close();
    },
  };
};

const decoded = (r: Row): RecordedEvent => ({
  streamId: r.stream_id,
  revision: r.revision,
  position: r.position,
  eventId: r.event_id,
  type: r.type,
  schemaVersion: r.schema_version,
  data: JSON.parse(r.data),
  metadata: JSON.parse(r.metadata),
});
