import { Pool, PoolClient } from 'pg';
import { createTableUnderLock } from '@trial-ledger/platform';

const DDL = `CREATE TABLE IF NOT EXISTS leader_lease (
  name TEXT PRIMARY KEY,
  term BIGINT NOT NULL,
  holder TEXT NOT NULL,
  expires_at TIMESTAMPTZ NOT NULL
)`;

/**
 * One row per deployment: who leads, under which term, until when. Every expiry is compared with the database's
 * clock (now()), never a process's, so clock skew between hosts cannot make two processes both see a lease valid.
 * A takeover raises the term by one; writes made under a term check that it is still the row's (`holds`).
 */
export class PgLease {
  constructor(
    private readonly pool: Pool,
    readonly name: string,
    readonly durationMs: number,
  ) {}

  async ensureTable(): Promise<void> {
    await createTableUnderLock(this.pool, 'trial-ledger/leader-lease-schema', DDL);
  }

  /**
   * The new term when the lease was free (never taken, expired or released), else null. Two candidates at once
   * queue on the row's lock, and the second re-reads the expiry the first just set: only one wins a term.
   */
  async acquire(holder: string): Promise<number | null> {
    const { rows } = await this.pool.query<{ term: string }>(
      `INSERT INTO leader_lease AS l (name, term, holder, expires_at) VALUES ($1, 1, $2, now() + $3 * interval '1 millisecond')
       ON CONFLICT (name) DO UPDATE SET term = l.term + 1, holder = excluded.holder, expires_at = excluded.expires_at
       WHERE l.expires_at <= now()
       RETURNING term`,
      [this.name, holder, this.durationMs],
    );
    return rows.length > 0 ? Number(rows[0].term) : null;
  }

  /**
   * Extends the lease of `term` from now; false when the term is over. A term whose lease lapsed but which nobody
   * took over is still the current one, and renewing it is safe: no other process wrote in between.
   */
  async renew(term: number, holder: string): Promise<boolean> {
    const result = await this.pool.query(
      `UPDATE leader_lease SET expires_at = now() + $4 * interval '1 millisecond' WHERE name = $1 AND term = $2 AND holder = $3`,
      [this.name, term, holder, this.durationMs],
    );
    return result.rowCount === 1;
  }

  /** Ends the lease at once, so that a standby need not wait for it to run out. */
  async release(term: number): Promise<void> {
    await this.pool.query('UPDATE leader_lease SET expires_at = now() WHERE name = $1 AND term = $2', [this.name, term]);
  }

  /** Whether `term` is still the current one, read by `db`: inside a write's transaction, as part of it. */
  async holds(db: Pool | PoolClient, term: number): Promise<boolean> {
    const { rows } = await db.query('SELECT 1 FROM leader_lease WHERE name = $1 AND term = $2', [this.name, term]);
    return rows.length > 0;
  }
}
