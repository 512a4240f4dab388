import Database from 'better-sqlite3';
import { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  AppendResult, BatchHandler, EventStore, ExpectedRevision, NewEvent, ReadAllOptions, ReadStreamOptions, RecordedEvent,
  SubscribeOptions, Subscription,
} from '../event-store.port';
import { DuplicateEventError, EventStoreUnavailableError, WrongExpectedRevisionError } from '../event-store.errors';
import { catchUpSubscription } from '../catch-up-subscription';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  position INTEGER PRIMARY KEY AUTOINCREMENT, stream_id TEXT NOT NULL, revision INTEGER NOT NULL,
  event_id TEXT NOT NULL UNIQUE, type TEXT NOT NULL, schema_version INTEGER NOT NULL,
  data TEXT NOT NULL, metadata TEXT NOT NULL, UNIQUE (stream_id, revision));`;

type Row = { position: number; stream_id: string; revision: number; event_id: string; type: string; schema_version: number; data: string; metadata: string };
type Pending = { streamId: string; events: NewEvent[]; expected: ExpectedRevision; resolve(r: AppendResult): void; reject(e: Error): void };

const UNAVAILABLE = /^SQLITE_(READONLY|FULL|IOERR|CANTOPEN|BUSY|LOCKED)/;

const toRecorded = (r: Row): RecordedEvent => ({
  streamId: r.stream_id, revision: r.revision, position: r.position, eventId: r.event_id, type: r.type,
  schemaVersion: r.schema_version, data: JSON.parse(r.data), metadata: JSON.parse(r.metadata),
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
  private readonly stmt;
  // Built once: better-sqlite3 wraps a function anew on every db.transaction() call, twice per append otherwise.
  private readonly commitBatch: (batch: Pending[]) => (AppendResult | Error)[];
  private readonly appendInSavepoint: (p: Pending) => AppendResult;

  private constructor(private readonly db: Database.Database) {
    super();
    this.appended.setMaxListeners(0);
    this.commitBatch = db.transaction((batch: Pending[]) => batch.map((p) => this.tryAppend(p)));
    this.appendInSavepoint = db.transaction((p: Pending) => this.insertAll(p));
    this.stmt = {
      revision: db.prepare<[string], { r: number | null }>('SELECT max(revision) AS r FROM events WHERE stream_id = ?'),
      insert: db.prepare('INSERT INTO events (stream_id, revision, event_id, type, schema_version, data, metadata) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      stream: db.prepare<[string, number, number], Row>('SELECT * FROM events WHERE stream_id = ? AND revision >= ? AND revision <= ? ORDER BY revision'),
      all: db.prepare<[number, number], Row>('SELECT * FROM events WHERE position > ? ORDER BY position LIMIT ?'),
      head: db.prepare<[], { p: number | null }>('SELECT max(position) AS p FROM events'),
    };
  }

  static open(file: string): SqliteEventStore {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('busy_timeout = 5000');
    db.exec(SCHEMA);
    return new SqliteEventStore(db);
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
    if (batch.length === 0 || this.closed && !this.db.open) return;
    let outcomes: (AppendResult | Error)[];
    try {
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
        position = Number(this.stmt.insert.run(streamId, revision, e.eventId, e.type, e.schemaVersion, JSON.stringify(e.data), JSON.stringify(e.metadata)).lastInsertRowid);
      } catch (error) {
        if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE' && /event_id/.test((error as Error).message)) throw new DuplicateEventError(e.eventId);
        throw error;
      }
    }
    return { nextRevision: revision, lastPosition: position };
  }

  private storageError(error: unknown): Error {
    const code = (error as { code?: string }).code ?? '';
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

  subscribeToAll(options: SubscribeOptions, handler: BatchHandler): Subscription {
    const source = {
      readAll: (o: ReadAllOptions) => this.readAll(o),
      onAppended: (l: () => void) => { this.appended.on('appended', l); return () => { this.appended.off('appended', l); }; },
    };
    const sub = catchUpSubscription(source, options.after, options.batchSize ?? 500, handler);
    this.subscriptions.add(sub);
    return sub;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    if (this.queue.length > 0) this.flush();
    this.db.close();
  }
}
