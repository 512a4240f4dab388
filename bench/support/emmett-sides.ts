import { join } from 'node:path';
import { requirePeer } from './peers';
import { StoreSide } from './store-workload';

/** The slice of Emmett's EventStore the benchmark uses (its types live in bench/peers, outside the typecheck). */
interface EmmettStore {
  appendToStream(
    stream: string,
    events: { type: string; data: unknown; metadata?: unknown }[],
    options: { expectedStreamVersion: bigint },
  ): Promise<unknown>;
  readStream(stream: string): Promise<{ events: unknown[] }>;
  close?(): Promise<void>;
}

const sideOf = (label: string, store: EmmettStore, close: () => Promise<void>): StoreSide => ({
  label,
  // The same events, metadata included, with the same optimistic check: the stream must be at `expected`.
  append: async (streamId, events, expected) => {
    const messages = events.map((e) => ({ type: e.type, data: e.data, metadata: e.metadata }));
    await store.appendToStream(streamId, messages, { expectedStreamVersion: BigInt(expected) });
  },
  read: async (streamId) => (await store.readStream(streamId)).events.length,
  close,
});

type SqliteModule = { getSQLiteEventStore(options: { fileName: string }): EmmettStore };

/** Runs calls one at a time, in the order they came. */
const serialized = (store: EmmettStore): EmmettStore => {
  let tail: Promise<unknown> = Promise.resolve();
  const enqueue = <T>(call: () => Promise<T>): Promise<T> => {
    const result = tail.then(call);
    tail = result.catch(() => undefined);
    return result;
  };
  return {
    appendToStream: (stream, events, options) => enqueue(() => store.appendToStream(stream, events, options)),
    readStream: (stream) => enqueue(() => store.readStream(stream)),
  };
};

const BUSY_ATTEMPTS = 5;

/**
 * Emmett 0.38.5's SQLite store on a file, as its README sets it up. It opens a `sqlite3` connection per
 * operation in WAL mode and leaves `synchronous` at the build's default, FULL (2), the setting ours uses, so
 * both fsync every commit. It cannot take concurrent calls: on one store object one call closes the connection
 * another is using (SQLITE_MISUSE); with a store object per caller the appends fail with SQLITE_BUSY. So its
 * calls are queued one at a time here, which is what an application would have to do. Even so an append now
 * and then fails with SQLITE_BUSY "SQL statements in progress" (the PRAGMA it issues without waiting on each new
 * connection is still running at COMMIT); the transaction is rolled back, so it is retried and counted.
 */
export const emmettSqliteSide = (dir: string): StoreSide & { retries: () => number } => {
  const { getSQLiteEventStore } = requirePeer<SqliteModule>('emmett-sqlite', '@event-driven-io/emmett-sqlite');
  const store = serialized(getSQLiteEventStore({ fileName: join(dir, 'emmett.db') }));
  let retries = 0;
  const retrying: EmmettStore = {
    appendToStream: async (stream, events, options) => {
      for (let attempt = 1; ; attempt += 1) {
        try {
          return await store.appendToStream(stream, events, options);
        } catch (error) {
          if ((error as { code?: string }).code !== 'SQLITE_BUSY' || attempt >= BUSY_ATTEMPTS) throw error;
          retries += 1;
        }
      }
    },
    readStream: (stream) => store.readStream(stream),
  };
  return { ...sideOf('Emmett SQLite 0.38.5', retrying, async () => undefined), retries: () => retries };
};

type PgModule = { getPostgreSQLEventStore(url: string, options?: unknown): EmmettStore & { close(): Promise<void> } };

/** Emmett 0.42.0's PostgreSQL store with its default pooled connections. */
export const emmettPgSide = (url: string): StoreSide => {
  const { getPostgreSQLEventStore } = requirePeer<PgModule>('emmett-postgresql', '@event-driven-io/emmett-postgresql');
  const store = getPostgreSQLEventStore(url);
  return sideOf('Emmett PostgreSQL 0.42.0', store, () => store.close());
};
