import { Pool, PoolClient } from 'pg';
import { RecordedEvent } from '@trial-ledger/event-store';
import { NoFence, WriteFence } from '@trial-ledger/platform';
import { ProjectionHandler, ProjectionRebuilder, RebuilderOptions } from '../ports/read-model.port';
import { aheadMarkOf, deleteCheckpoint, findCheckpoint, moveCheckpoint } from './pg-checkpoints';
import { PgModel, TrialEventOf, eventsAfter, foldInto, trialEventsOf } from './pg-model';
import { ensureReadModelSchema, inTransaction } from './pg-read-model-schema';
import { PgWriteBehind, takeBackRowsAhead } from './pg-write-behind';

export type { TrialEventOf } from './pg-model';

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
 * Live, under a leader, the fence is checked last in the same transaction: a former leader whose term is
 * over has the whole batch refused (FencedOutError), and is never retried here.
 */
export abstract class PgProjection<S = unknown, R = unknown> extends ProjectionHandler {
  protected abstract readonly model: PgModel<S, R>;

  /** Without a fence: for a process that has the read models to itself (a rebuild, the tests of one adapter). */
  constructor(
    protected readonly pool: Pool,
    private readonly fence: WriteFence = new NoFence(),
  ) {
    super();
  }

  /** Rows an interrupted rebuild committed beyond its checkpoint are taken back first; the live path leaves none. */
  async checkpoint(): Promise<number> {
    await ensureReadModelSchema(this.pool);
    await takeBackRowsAhead(this.pool, this.name, this.model);
    return (await findCheckpoint(this.pool, this.name)) ?? 0;
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
    throw new Error(
      `Projection ${this.name}: checkpoint kept moving under another instance; giving up after ${MAX_FENCED_ATTEMPTS} attempts`,
    );
  }

  async reset(): Promise<void> {
    await ensureReadModelSchema(this.pool);
    await inTransaction(this.pool, async (client) => {
      await deleteCheckpoint(client, this.name);
      await deleteCheckpoint(client, aheadMarkOf(this.name));
      await this.model.clear(client);
    });
  }

  /** Write-behind, as in SQLite: see PgWriteBehind. Only for a rebuild, which has the read models to itself. */
  override rebuilder(options: RebuilderOptions = {}): ProjectionRebuilder {
    return new PgWriteBehind(this.pool, this.name, this.model, options);
  }

  /** Applies events in log order; called only after this transaction won the checkpoint. */
  protected async apply(client: PoolClient, events: TrialEventOf[]): Promise<void> {
    if (events.length === 0) return;
    const states = new Map<string, S>();
    const rows = await foldInto(this.model, client, states, events);
    if (rows.length > 0) await this.model.insertRows(client, rows);
    await this.model.save(client, states);
  }

  /** Reads the checkpoint, wins it by compare-and-set, then applies what lies beyond it. */
  private async attempt(client: PoolClient, events: RecordedEvent[]): Promise<void> {
    const expected = await findCheckpoint(client, this.name);
    const fresh = eventsAfter(expected ?? 0, events);
    if (fresh.length === 0) return;
    if (!(await moveCheckpoint(client, this.name, expected, fresh[fresh.length - 1].position))) throw new Fenced();
    await this.apply(client, trialEventsOf(fresh));
    // Last, so that the term is confirmed one round trip before the commit, not a whole batch before it.
    await this.fence.check(client);
  }
}
