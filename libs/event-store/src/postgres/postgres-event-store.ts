import { EventEmitter } from 'node:events';
import { DatabaseError, Pool, PoolClient, PoolConfig, QueryResultRow } from 'pg';
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
import { CatchUpSource, catchUpSubscription } from '../catch-up-subscription';
import { storeError } from './postgres-errors';
import { AppendNotifications } from './postgres-notifications';
import { AppendAnnouncer } from './append-announcer';
import { APPENDED_CHANNEL, ensureSchema, grantServiceRole } from './postgres-schema';
import { LogCheckpoints } from '../log-checkpoints.port';
import { PostgresLogCheckpoints } from './postgres-log-checkpoints';
import { EventRow, SQL, toRecorded } from './postgres-statements';
import { StoreWriteProbe } from '../write-probe.port';
import { PostgresWriteProbe, postgresLocation } from './postgres-write-probe';

export interface PostgresEventStoreOptions {
  /** Most connections the pool opens (default 10); the LISTEN connection comes on top. */
  maxConnections?: number;
  /** How long to wait for a connection before answering EventStoreUnavailableError (default 5000 ms). */
  connectionTimeoutMs?: number;
  /** How often a subscription looks for new events when no notification came (default 500 ms). */
  pollMs?: number;
  /**
   * The role that owns the log (DATABASE_MIGRATION_URL): it creates and migrates the schema and lets the service's
   * role only read and append. Absent: the service's own role creates the schema and owns it.
   */
  migrationUrl?: string;
}

/** The schema made ready by its owner, and the service's role (that of `pool`) limited to reading and appending. */
const migrate = async (pool: Pool, migrationUrl: string): Promise<void> => {
  const owner = new Pool({ connectionString: migrationUrl, max: 1, connectionTimeoutMillis: 5000 });
  owner.on('error', () => undefined);
  try {
    const role = (await pool.query<{ role: string }>('SELECT current_user AS role')).rows[0].role;
    const ownerRole = (await owner.query<{ role: string }>('SELECT current_user AS role')).rows[0].role;
    if (role === ownerRole) throw new Error(`DATABASE_MIGRATION_URL must name another role than DATABASE_URL's (${role})`);
    await ensureSchema(owner);
    await grantServiceRole(owner, role);
  } finally {
    await owner.end();
  }
};

/** Another writer took the revision this append meant to write (only a writer that skips the stream lock can). */
class RevisionTaken extends Error {
  constructor(readonly read: number) {
    super('revision taken');
  }
}

const ANY_ATTEMPTS = 3;

const checkExpected = (streamId: string, expected: ExpectedRevision, current: number): void => {
  if (expected === 'any') return;
  if ((expected === 'no_stream' ? 0 : expected) !== current) throw new WrongExpectedRevisionError(streamId, expected, current);
};

const uniqueViolation = (error: unknown, events: NewEvent[], read: number): Error | null => {
  const { code, constraint, detail } = error as DatabaseError;
  if (code !== '23505') return null;
  if (constraint === 'events_stream_revision_unique') return new RevisionTaken(read);
  const id = /^Key \(event_id\)=\((.*)\) already exists\.$/.exec(detail ?? '')?.[1];
  return new DuplicateEventError(id ?? events[0].eventId);
};

/** After one of these the transaction rolled back cleanly and the connection can serve the next append. */
const isExpectedFailure = (error: unknown): boolean =>
  error instanceof WrongExpectedRevisionError || error instanceof DuplicateEventError || error instanceof RevisionTaken;

/**
 * The PostgreSQL adapter. Each append is one transaction on a pooled connection: it locks its stream (so
 * appends to one stream queue up across processes and the revision it checks stays true until commit; the
 * unique (stream_id, revision) constraint is the backstop), allocates positions (see postgres-schema.ts for
 * why followers never skip an event that commits late) and inserts; once it committed, the followers of other
 * processes are told by a NOTIFY that covers every append committed while it was on its way (AppendAnnouncer).
 */
export class PostgresEventStore extends EventStore {
  private readonly appended = new EventEmitter();
  private readonly subscriptions = new Set<Subscription>();
  private readonly notifications: AppendNotifications;
  private readonly announcer = new AppendAnnouncer(() => this.pool.query('SELECT pg_notify($1, $2)', [APPENDED_CHANNEL, '']));
  private closed = false;
  private closing: Promise<void> | null = null;

  private constructor(
    private readonly pool: Pool,
    private readonly config: PoolConfig,
    private readonly options: PostgresEventStoreOptions,
  ) {
    super();
    this.appended.setMaxListeners(0);
    this.notifications = new AppendNotifications(config, () => this.appended.emit('appended'));
  }

  static async open(connectionString: string, options: PostgresEventStoreOptions = {}): Promise<PostgresEventStore> {
    const config: PoolConfig = {
      connectionString,
      max: options.maxConnections ?? 10,
      connectionTimeoutMillis: options.connectionTimeoutMs ?? 5000,
      keepAlive: true,
      application_name: 'trial-ledger-event-store',
    };
    const pool = new Pool(config);
    // An idle connection the server dropped (restart, failover) is discarded by the pool; without a listener
    // its 'error' event would crash the process.
    pool.on('error', () => undefined);
    try {
      await (options.migrationUrl ? migrate(pool, options.migrationUrl) : ensureSchema(pool));
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw storeError(error);
    }
    return new PostgresEventStore(pool, config, options);
  }

  async appendToStream(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        const result = await this.transaction((client) => this.append(client, streamId, events, expected));
        this.appended.emit('appended');
        if (result.lastPosition > 0 && !this.closed) this.announcer.announce();
        return result;
      } catch (error) {
        if (!(error instanceof RevisionTaken)) throw error;
        if (expected === 'any' && attempt < ANY_ATTEMPTS) continue;
        throw new WrongExpectedRevisionError(streamId, expected === 'any' ? error.read : expected, await this.streamRevision(streamId));
      }
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const rows = await this.query<EventRow>(SQL.stream, [
      streamId,
      options.fromRevision ?? 1,
      options.toRevision ?? Number.MAX_SAFE_INTEGER,
    ]);
    return rows.map(toRecorded);
  }

  async streamRevision(streamId: string): Promise<number> {
    return (await this.query<{ revision: number }>(SQL.revision, [streamId]))[0].revision;
  }

  async readAll({ after, maxCount }: ReadAllOptions): Promise<RecordedEvent[]> {
    return (await this.query<EventRow>(SQL.all, [after, maxCount])).map(toRecorded);
  }

  /** The newest committed position, whether or not followers may read it yet (they will once older appends end). */
  async headPosition(): Promise<number> {
    return Number((await this.query<{ head: string }>(SQL.head, []))[0].head);
  }

  async countEventsAfter(after: number, limit: number): Promise<number> {
    if (limit <= 0) return 0;
    return Number((await this.query<{ n: string }>(SQL.countAfter, [after, limit]))[0].n);
  }

  subscribeToAll(options: SubscribeOptions, handler: BatchHandler): Subscription {
    this.notifications.start();
    const source: CatchUpSource = {
      readAll: (o) => this.readAll(o),
      onAppended: (listener) => {
        this.appended.on('appended', listener);
        return () => {
          this.appended.off('appended', listener);
        };
      },
    };
    const subscription = catchUpSubscription(source, options.after, options.batchSize ?? 500, handler, this.options.pollMs);
    this.subscriptions.add(subscription);
    return subscription;
  }

  /** The signed checkpoints, in event_store.checkpoints, on this store's pool. */
  logCheckpoints(): LogCheckpoints {
    return new PostgresLogCheckpoints(this.pool);
  }

  /** A committed write to a scratch table of the log's schema, on this store's pool, and the role's right to append. */
  writeProbe(): StoreWriteProbe {
    return new PostgresWriteProbe(postgresLocation(this.config.connectionString ?? ''), this.pool);
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      await Promise.all([...this.subscriptions].map((s) => s.stop()));
      this.closed = true;
      await this.notifications.close();
      await this.pool.end();
    })();
    return this.closing;
  }

  private async append(client: PoolClient, streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    const wanted = expected === 'any' ? -1 : expected === 'no_stream' ? 0 : expected;
    let row: { current_revision: number; last_position: string | null };
    try {
      row = (
        await client.query<typeof row>(SQL.append, [
          streamId,
          wanted,
          events.map((e) => e.eventId),
          events.map((e) => e.type),
          events.map((e) => e.schemaVersion),
          events.map((e) => JSON.stringify(e.data)),
          events.map((e) => JSON.stringify(e.metadata)),
        ])
      ).rows[0];
    } catch (error) {
      throw uniqueViolation(error, events, Math.max(wanted, 0)) ?? error;
    }
    checkExpected(streamId, expected, row.current_revision);
    if (row.last_position === null) return { nextRevision: row.current_revision, lastPosition: 0 };
    return { nextRevision: row.current_revision + events.length, lastPosition: Number(row.last_position) };
  }

  /** Runs `work` in a transaction; a connection that failed in an unexpected way is closed, not reused. */
  private async transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.connect();
    let discard = false;
    // The pool listens for errors of idle connections only: one that dies while checked out would otherwise
    // raise an unhandled 'error' event (its queries fail too, which is how the append learns of it).
    const onError = () => {
      discard = true;
    };
    client.on('error', onError);
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      discard =
        !isExpectedFailure(error) ||
        !(await client.query('ROLLBACK').then(
          () => true,
          () => false,
        ));
      throw storeError(error);
    } finally {
      client.off('error', onError);
      client.release(discard);
    }
  }

  private async connect(): Promise<PoolClient> {
    if (this.closed) throw new EventStoreUnavailableError('The event store is closed');
    try {
      return await this.pool.connect();
    } catch (error) {
      throw storeError(error);
    }
  }

  private async query<R extends QueryResultRow>(text: string, values: unknown[]): Promise<R[]> {
    if (this.closed) throw new EventStoreUnavailableError('The event store is closed');
    try {
      return (await this.pool.query<R>(text, values)).rows;
    } catch (error) {
      throw storeError(error);
    }
  }
}
