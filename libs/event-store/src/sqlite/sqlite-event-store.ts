import { EventEmitter } from 'node:events';
import {
  AppendResult,
  BatchHandler,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from '../event-store.port';
import { DuplicateEventError, EventStoreUnavailableError, WrongExpectedRevisionError } from '../event-store.errors';
import { catchUpSubscription } from '../catch-up-subscription';
import { Row, SqliteConnection } from './sqlite-connection';
import { LogCheckpoints } from '../log-checkpoints.port';
import { SqliteLogCheckpoints } from './sqlite-log-checkpoints';
import { StoreWriteProbe } from '../write-probe.port';
import { SqliteWriteProbe, writeProbeRow } from './sqlite-write-probe';

type Pending = { streamId: string; events: NewEvent[]; expected: ExpectedRevision; resolve(r: AppendResult): void; reject(e: Error): void };

const UNAVAILABLE = /^SQLITE_(READONLY|FULL|IOERR|CANTOPEN|BUSY|LOCKED)/;

const toRecorded = (r: Row): RecordedEvent => ({
  streamId: r.stream_id,
  revision: r.revision,
  position: r.position,
  eventId: r.event_id,
  type: r.type,
  schemaVersion: r.schema_version,
  data: JSON.parse(r.data),
  metadata: JSON.parse(r.metadata),
});

/**
 * The embedded store. synchronous=FULL makes every commit durable before an append is acknowledged; appends
 * arriving while a flush is pending share one transaction (group commit), each in its own savepoint.
 */
export class SqliteEventStore extends EventStore {
  readonly stats = { commits: 0, appends: 0 };
  private readonly appended = new EventEmitter();
  private readonly subscriptions = new Set<Subscription>();
  private queue: Pending[] = [];
  private flushScheduled = false;
  private closed = false;
  private conn!: SqliteConnection;
  // Built once per connection: better-sqlite3 wraps a function anew on every db.transaction() call.
  private commitBatch!: (batch: Pending[]) => (AppendResult | Error)[];
  private appendInSavepoint!: (p: Pending) => AppendResult;
  /** Set when a commit found the file read-only: SQLite keeps such a connection read-only for good. */
  private reopenBeforeNextWrite = false;

  private constructor(
    private readonly file: string,
    conn: SqliteConnection,
  ) {
    super();
    this.appended.setMaxListeners(0);
    this.use(conn);
  }

  static open(file: string): SqliteEventStore {
    return new SqliteEventStore(file, SqliteConnection.open(file));
  }

  /** The statements of an open connection; after a reopen that failed, another attempt. */
  private get stmt() {
    return this.connection().stmt;
  }

  private connection(): SqliteConnection {
    if (!this.conn.db.open && !this.closed) {
      try {
        this.use(SqliteConnection.open(this.file));
      } catch (error) {
        throw new EventStoreUnavailableError(`The event store cannot be opened: ${(error as { code?: string }).code ?? error}`, error);
      }
    }
    return this.conn;
  }

  private use(conn: SqliteConnection): void {
    this.conn = conn;
    this.commitBatch = conn.db.transaction((batch: Pending[]) => batch.map((p) => this.tryAppend(p)));
    this.appendInSavepoint = conn.db.transaction((p: Pending) => this.insertAll(p));
  }

  /**
   * A file that was read-only when opened stays read-only on that connection even after its mode is fixed; a
   * fresh connection sees the file as it is now, so the store takes writes again without a restart.
   */
  private reopenIfReadOnly(): void {
    if (!this.reopenBeforeNextWrite || this.file === ':memory:') return;
    // Closed first: connections of one process share the file's WAL index, which a read-only open left read-only.
    if (this.conn.db.open) this.conn.db.close();
    this.use(SqliteConnection.open(this.file));
    this.reopenBeforeNextWrite = false;
  }

  appendToStream(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new EventStoreUnavailableError('The event store is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ streamId, events, expected, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.flushScheduled = false;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0 || (this.closed && !this.conn.db.open)) return;
    let outcomes: (AppendResult | Error)[];
    try {
      this.reopenIfReadOnly();
      outcomes = this.commitBatch(batch);
      this.stats.commits += 1;
    } catch (error) {
      const failure = this.storageError(error);
      batch.forEach((p) => p.reject(failure));
      return;
    }
    batch.forEach((p, i) => {
      const outcome = outcomes[i];
      if (outcome instanceof Error) p.reject(outcome);
      else p.resolve(outcome);
    });
    this.stats.appends += batch.length;
    this.appended.emit('appended');
  }

  /** One append in its own savepoint: its failure is its own, the rest of the batch still commits. */
  private tryAppend(p: Pending): AppendResult | Error {
    try {
      return this.appendInSavepoint(p);
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError || error instanceof DuplicateEventError) return error;
      throw error;
    }
  }

  private insertAll({ streamId, events, expected }: Pending): AppendResult {
    const current = this.stmt.revision.get(streamId)?.r ?? 0;
    const wanted = expected === 'no_stream' ? 0 : expected;
    if (wanted !== 'any' && wanted !== current) throw new WrongExpectedRevisionError(streamId, expected as number | 'no_stream', current);
    let revision = current;
    let position = 0;
    for (const e of events) {
      revision += 1;
      try {
        position = Number(
          this.stmt.insert.run(streamId, revision, e.eventId, e.type, e.schemaVersion, JSON.stringify(e.data), JSON.stringify(e.metadata))
            .lastInsertRowid,
        );
      } catch (error) {
        if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE' && /event_id/.test((error as Error).message))
          throw new DuplicateEventError(e.eventId);
        throw error;
      }
    }
    return { nextRevision: revision, lastPosition: position };
  }

  private storageError(error: unknown): Error {
    const code = (error as { code?: string }).code ?? '';
    if (code.startsWith('SQLITE_READONLY')) this.reopenBeforeNextWrite = true;
    return UNAVAILABLE.test(code) ? new EventStoreUnavailableError(`The event store cannot take writes: ${code}`, error) : (error as Error);
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    return this.stmt.stream.all(streamId, options.fromRevision ?? 1, options.toRevision ?? Number.MAX_SAFE_INTEGER).map(toRecorded);
  }

  async streamRevision(streamId: string): Promise<number> {
    return this.stmt.revision.get(streamId)?.r ?? 0;
  }

  async readAll({ after, maxCount }: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.stmt.all.all(after, maxCount).map(toRecorded);
  }

  async headPosition(): Promise<number> {
    return this.stmt.head.get()?.p ?? 0;
  }

  async countEventsAfter(after: number, limit: number): Promise<number> {
    return limit > 0 ? (this.stmt.countAfter.get(after, limit)?.n ?? 0) : 0;
  }

  subscribeToAll(options: SubscribeOptions, handler: BatchHandler): Subscription {
    const source = {
      readAll: (o: ReadAllOptions) => this.readAll(o),
      onAppended: (l: () => void) => {
        this.appended.on('appended', l);
        return () => {
          this.appended.off('appended', l);
        };
      },
    };
    const sub = catchUpSubscription(source, options.after, options.batchSize ?? 500, handler);
    this.subscriptions.add(sub);
    return sub;
  }

  /** The signed checkpoints, kept in this file and read and written on this store's connection. */
  logCheckpoints(): LogCheckpoints {
    return new SqliteLogCheckpoints(() => {
      if (this.closed) throw new EventStoreUnavailableError('The event store is closed');
      this.reopenIfReadOnly();
      return this.connection().db;
    });
  }

  /** A write outside the log on the appends' connection; a read-only refusal reopens it before the next try, as for appends. */
  writeProbe(): StoreWriteProbe {
    return new SqliteWriteProbe(this.file, () => {
      if (this.closed) throw new EventStoreUnavailableError('The event store is closed');
      try {
        this.reopenIfReadOnly();
        writeProbeRow(this.connection().db);
      } catch (error) {
        this.storageError(error);
        throw error;
      }
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    if (this.queue.length > 0) this.flush();
    this.conn.db.close();
  }
}
