import { Pool } from 'pg';
import { NoFence, WriteFence, createTableUnderLock, withTransaction } from '@trial-ledger/platform';
import { RelayCheckpoint } from '../../application/ports';

const DDL = 'CREATE TABLE IF NOT EXISTS relay_checkpoints (name TEXT PRIMARY KEY, position BIGINT NOT NULL)';

/**
 * The relay's position in its own table, apart from the read models: a rebuild that clears them must not
 * send the whole log to Kafka again. Keyed by name (the topic), so a new topic receives the whole log.
 *
 * Ownership: the pool is the caller's. It is usually shared with other adapters, so `close()` only stops
 * this checkpoint from being used and never ends the pool; whoever created the pool ends it.
 */
export class PgRelayCheckpoint extends RelayCheckpoint {
  private schema: Promise<void> | null = null;
  private closed = false;

  /** Without a fence for a process that has the table to itself; under a leader, the leader's fence. */
  constructor(
    private readonly pool: Pool,
    private readonly name: string,
    private readonly fence: WriteFence = new NoFence(),
  ) {
    super();
  }

  async load(): Promise<number> {
    await this.ready();
    const { rows } = await this.pool.query<{ position: string }>('SELECT position FROM relay_checkpoints WHERE name = $1', [this.name]);
    return rows.length ? Number(rows[0].position) : 0;
  }

  /**
   * Never moves back: several processes share this row, and a former leader that finishes a batch after a
   * standby took over must not rewind the new leader's position (that would only re-send, but needlessly).
   */
  async save(position: number): Promise<void> {
    await this.ready();
    await withTransaction(this.pool, async (client) => {
      await client.query(
        `INSERT INTO relay_checkpoints (name, position) VALUES ($1, $2)
         ON CONFLICT (name) DO UPDATE SET position = GREATEST(relay_checkpoints.position, excluded.position)`,
        [this.name, position],
      );
      await this.fence.check(client);
    });
  }

  override async confirmTerm(): Promise<void> {
    await this.fence.check(this.pool);
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private ready(): Promise<void> {
    if (this.closed) return Promise.reject(new Error(`Relay checkpoint ${this.name} is closed`));
    this.schema ??= this.createTable();
    return this.schema;
  }

  private async createTable(): Promise<void> {
    try {
      await createTableUnderLock(this.pool, 'trial-ledger/relay-checkpoints-schema', DDL);
    } catch (error) {
      this.schema = null;
      throw error;
    }
  }
}
