import { Pool, PoolClient } from 'pg';
import { RecordedEvent } from '@trial-ledger/event-store';
import { ProjectionHandler } from '../../application/ports/read-model.port';
import { nctIdOfStream } from '../../application/shared/trial-stream';
import { ensureReadModelSchema, inTransaction } from './pg-read-model-schema';

/** A trial event with the NCT ID of its stream, as the concrete projections apply it. */
export interface TrialEventOf {
  nctId: string;
  event: RecordedEvent;
}

/** Another instance moved the checkpoint after this transaction read it; thrown to roll the batch back. */
class Fenced extends Error {}

/** How often a handler re-reads the checkpoint after losing it to another instance before giving up. */
const MAX_FENCED_ATTEMPTS = 5;

/**
 * Applies a batch and moves the checkpoint in one PostgreSQL transaction, skipping events at or before the
 * checkpoint, like the SQLite projections. Several processes may share the database and a stale former
 * leader may still be finishing a batch, so the checkpoint is moved by compare-and-set on the value this
 * transaction read: if another instance moved it meanwhile the batch is rolled back and retried from the
 * checkpoint that instance left, so no event is ever applied twice.
 *
 * The compare-and-set runs before the model is touched: it takes the checkpoint row's lock, so a rival
 * waits there (and then finds the checkpoint moved) instead of colliding on history rows it must not write.
 */
export abstract class PgProjection extends ProjectionHandler {
  constructor(protected readonly pool: Pool) {
    super();
  }

  /** Applies events in log order; called only after this transaction won the checkpoint. */
  protected abstract apply(client: PoolClient, events: TrialEventOf[]): Promise<void>;
  protected abstract clear(client: PoolClient): Promise<void>;

  async checkpoint(): Promise<number> {
    await ensureReadModelSchema(this.pool);
    const { rows } = await this.pool.query<{ position: string }>('SELECT position FROM projection_checkpoints WHERE name = $1', [this.name]);
    return rows.length ? Number(rows[0].position) : 0;
  }

  async handle(events: RecordedEvent[]): Promise<void> {
    if (events.length === 0) return;
    await ensureReadModelSchema(this.pool);
    for (let attempt = 1; attempt <= MAX_FENCED_ATTEMPTS; attempt++) {
      try {
        return await inTransaction(this.pool, (client) => this.attempt(client, events));
      } catch (error) {
        if (!(error instanceof Fenced)) throw error;
      }
    }
    throw new Error(`Projection ${this.name}: checkpoint kept moving under another instance; giving up after ${MAX_FENCED_ATTEMPTS} attempts`);
  }

  async reset(): Promise<void> {
    await ensureReadModelSchema(this.pool);
    await inTransaction(this.pool, async (client) => {
      await client.query('DELETE FROM projection_checkpoints WHERE name = $1', [this.name]);
      await this.clear(client);
    });
  }

  /** Reads the checkpoint, wins it by compare-and-set, then applies what lies beyond it. */
  private async attempt(client: PoolClient, events: RecordedEvent[]): Promise<void> {
    const { rows } = await client.query<{ position: string }>('SELECT position FROM projection_checkpoints WHERE name = $1', [this.name]);
    const expected = rows.length ? Number(rows[0].position) : null;
    const fresh = eventsAfter(expected ?? 0, events);
    if (fresh.length === 0) return;
    if (!(await this.moveCheckpoint(client, expected, fresh[fresh.length - 1].position))) throw new Fenced();
    await this.apply(client, trialEventsOf(fresh));
  }

  private async moveCheckpoint(client: PoolClient, expected: number | null, next: number): Promise<boolean> {
    const result = expected === null
      ? await client.query('INSERT INTO projection_checkpoints (name, position) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [this.name, next])
      : await client.query('UPDATE projection_checkpoints SET position = $2 WHERE name = $1 AND position = $3', [this.name, next, expected]);
    return result.rowCount === 1;
  }
}

/** The events after the checkpoint, keeping the running maximum as SQLite does for an unordered batch. */
const eventsAfter = (checkpoint: number, events: RecordedEvent[]): RecordedEvent[] => {
  const fresh: RecordedEvent[] = [];
  let last = checkpoint;
  for (const event of events) {
    if (event.position <= last) continue;
    fresh.push(event);
    last = event.position;
  }
  return fresh;
};

/** Events of other streams only move the checkpoint, as in SQLite. */
const trialEventsOf = (events: RecordedEvent[]): TrialEventOf[] =>
  events.flatMap((event) => {
    const nctId = nctIdOfStream(event.streamId);
    return nctId === null ? [] : [{ nctId, event }];
  });
