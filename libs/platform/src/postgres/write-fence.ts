import { Pool, PoolClient } from 'pg';

/** Raised by a write whose leadership term is no longer current: another process leads now. */
export class FencedOutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FencedOutError';
  }
}

/**
 * Proves, inside a write's own transaction, that the writer still leads under the term it was elected under,
 * so that a former leader waking from a pause has its write refused by the database instead of landing out of
 * turn. `check` rejects with FencedOutError when the term is no longer current; the transaction must then roll back.
 */
export abstract class WriteFence {
  abstract check(db: Pool | PoolClient): Promise<void>;
}

/** For a writer that has the store to itself: the embedded engine's single process, an offline rebuild. */
export class NoFence extends WriteFence {
  async check(): Promise<void> {}
}
