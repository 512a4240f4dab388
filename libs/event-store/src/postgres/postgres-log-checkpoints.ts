import { Pool, PoolClient } from 'pg';
import { storeError } from './postgres-errors';
import { LogCheckpoints, LogSnapshot, NewCheckpoint, StoredCheckpoint, StreamHead } from '../log-checkpoints.port';

type HeadRow = { stream_id: string; revision: number; hash: string | null };

// Only rows followers may read (transactions older than every running one, as readAll): a prefix of the log.
const VISIBLE_HEAD = `SELECT coalesce(max(position), 0) AS head FROM event_store.events
  WHERE transaction_id < (SELECT pg_snapshot_xmin(pg_current_snapshot()))`;
const HEADS_AT = `SELECT DISTINCT ON (stream_id COLLATE "C") stream_id, revision, metadata->'integrity'->>'hash' AS hash
  FROM event_store.events WHERE position <= $1 ORDER BY stream_id COLLATE "C", revision DESC`;

const toHead = (r: HeadRow): StreamHead => ({ streamId: r.stream_id, revision: r.revision, hash: r.hash });

/** The checkpoints in `event_store.checkpoints`, append-only like the log (postgres-schema.ts), on the store's pool. */
export class PostgresLogCheckpoints extends LogCheckpoints {
  /** On the pool of a store PostgresEventStore.open has made ready (`PostgresEventStore.logCheckpoints()`). */
  constructor(private readonly pool: Pool) {
    super();
  }

  async snapshot(): Promise<LogSnapshot> {
    return this.inSnapshot(async (client) => {
      const position = Number((await client.query<{ head: string }>(VISIBLE_HEAD)).rows[0].head);
      return { position, heads: (await client.query<HeadRow>(HEADS_AT, [position])).rows.map(toHead) };
    });
  }

  async headsAt(position: number): Promise<StreamHead[]> {
    return this.inSnapshot(async (client) => (await client.query<HeadRow>(HEADS_AT, [position])).rows.map(toHead));
  }

  async append({ position, payload, signature }: NewCheckpoint): Promise<StoredCheckpoint> {
    const { rows } = await this.query<{ id: string }>(
      'INSERT INTO event_store.checkpoints (position, payload, signature) VALUES ($1, $2, $3) RETURNING id',
      [position, payload, signature],
    );
    return { id: Number(rows[0].id), position, payload, signature };
  }

  async latest(): Promise<StoredCheckpoint | null> {
    const { rows } = await this.query<{ id: string; position: string; payload: string; signature: string }>(
      'SELECT id, position, payload, signature FROM event_store.checkpoints ORDER BY id DESC LIMIT 1',
      [],
    );
    return rows[0] ? { ...rows[0], id: Number(rows[0].id), position: Number(rows[0].position) } : null;
  }

  /** The store closes the pool. */
  async close(): Promise<void> {}

  private async query<R extends object>(text: string, values: unknown[]) {
    try {
      return await this.pool.query<R & Record<string, unknown>>(text, values);
    } catch (error) {
      throw storeError(error);
    }
  }

  /** One REPEATABLE READ snapshot: the head and the heads agree. */
  private async inSnapshot<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect().catch((error: unknown) => Promise.reject(storeError(error)));
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw storeError(error);
    } finally {
      client.release();
    }
  }
}
