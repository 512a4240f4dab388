import { Pool, PoolClient } from 'pg';
import { RecordedEvent } from '@trial-ledger/event-store';
import { ProjectionRebuilder, RebuilderOptions } from '../ports/read-model.port';
import { aheadMarkOf, deleteCheckpoint, findCheckpoint, moveCheckpoint, setCheckpoint } from './pg-checkpoints';
import { PgModel, eventsAfter, evolveAll, loadMissing, trialEventsOf } from './pg-model';
import { ensureReadModelSchema, inTransaction } from './pg-read-model-schema';
import { DEFAULT_FLUSH_EVERY, HeldStates } from '../projection/held-states';

// Small enough that the first slice's rows reach the database early, large enough to keep round trips few.
const EVENTS_PER_SLICE = 2_000;

/**
 * Takes back the rows an interrupted rebuild committed beyond its checkpoint. Deleting the mark first takes
 * its row lock: of two instances starting at once, the second finds it gone and leaves alone the rows the
 * first has applied since.
 */
export const takeBackRowsAhead = async <S, R>(pool: Pool, name: string, model: PgModel<S, R>): Promise<void> => {
  if ((await findCheckpoint(pool, aheadMarkOf(name))) === null) return;
  await inTransaction(pool, async (client) => {
    const { rows } = await client.query<{ position: string }>('DELETE FROM projection_checkpoints WHERE name = $1 RETURNING position', [
      aheadMarkOf(name),
    ]);
    if (rows.length > 0) await model.deleteRowsAfter(client, Number(rows[0].position));
  });
};

/**
 * Write-behind, as the SQLite adapter does it: states stay in memory across batches and are written with the
 * checkpoint in one transaction every `flushEvery` events, so a trial's state costs one read and one write
 * per window instead of per batch. Per-event rows are committed with each batch, so none wait in memory; the
 * mark saved with the checkpoint says which of them it covers, and whatever lies beyond it after a crash is
 * deleted before the projection starts again (`PgProjection.checkpoint`, and here at the start). Each write
 * still moves the checkpoint by compare-and-set: an instance that moved it meanwhile fails the rebuild.
 */
export class PgWriteBehind<S, R> implements ProjectionRebuilder {
  /** States as of the last applied event. */
  private readonly held = new HeldStates<S>();
  private readonly flushEvery: number;
  private readonly ready: Promise<void>;
  /** The checkpoint as last written, which the next write must find unchanged. */
  private durable: number | null = null;
  private applied = 0;
  /** Events applied since the last write. */
  private sinceWrite = 0;

  constructor(
    private readonly pool: Pool,
    private readonly name: string,
    private readonly model: PgModel<S, R>,
    options: RebuilderOptions,
  ) {
    this.flushEvery = options.flushEvery ?? DEFAULT_FLUSH_EVERY;
    this.ready = this.start();
    // Reported by the first apply or finish; abandoned early, nothing awaits it.
    this.ready.catch(() => undefined);
  }

  async apply(events: RecordedEvent[]): Promise<void> {
    await this.ready;
    await this.guarded(async () => {
      this.sinceWrite += events.length;
      const fresh = eventsAfter(this.applied, events);
      if (fresh.length === 0) return;
      await inTransaction(this.pool, (client) => this.applyRows(client, fresh));
      this.applied = fresh[fresh.length - 1].position;
      if (this.sinceWrite < this.flushEvery) return;
      await this.flush(false);
      this.held.written();
      this.sinceWrite = 0;
    });
  }

  async finish(): Promise<void> {
    await this.ready;
    await this.guarded(() => this.flush(true));
    this.forget();
  }

  abandon(): void {
    this.forget();
  }

  private async start(): Promise<void> {
    await ensureReadModelSchema(this.pool);
    await takeBackRowsAhead(this.pool, this.name, this.model);
    await inTransaction(this.pool, async (client) => {
      this.durable = await findCheckpoint(client, this.name);
      await setCheckpoint(client, aheadMarkOf(this.name), this.durable ?? 0);
    });
    this.applied = this.durable ?? 0;
  }

  /**
   * Folds the batch into the held states and commits its per-event rows, ahead of the checkpoint. The batch
   * goes in slices, each slice's rows inserted while the next is folded: the database's work on the rows
   * and this process's work on the events overlap instead of taking turns.
   */
  private async applyRows(client: PoolClient, events: RecordedEvent[]): Promise<void> {
    const trialEvents = trialEventsOf(events);
    // These rows lie ahead of the checkpoint until a flush, whose synchronous commit makes them durable too:
    // a server crash losing this commit only loses rows that would have been taken back anyway.
    await client.query('SET LOCAL synchronous_commit = off');
    await loadMissing(this.model, client, this.held.states, trialEvents);
    let inserting: Promise<void> = Promise.resolve();
    for (let start = 0; start < trialEvents.length; start += EVENTS_PER_SLICE) {
      const slice = trialEvents.slice(start, start + EVENTS_PER_SLICE);
      const rows = evolveAll(this.model, this.held.states, slice);
      for (const { nctId } of slice) this.held.touch(nctId);
      await inserting;
      inserting = rows.length > 0 ? this.model.insertRows(client, rows) : Promise.resolve();
      // Awaited on the next turn or below; a fold failing meanwhile must not leave it unheard.
      inserting.catch(() => undefined);
    }
    await inserting;
  }

  /** Writes the changed states with the checkpoint, and the mark, or on the last write removes it. */
  private async flush(last: boolean): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      if (!(await moveCheckpoint(client, this.name, this.durable, this.applied))) {
        throw new Error(`Projection ${this.name}: another instance moved the checkpoint during the rebuild`);
      }
      await this.model.save(client, this.held.changed());
      if (last) await deleteCheckpoint(client, aheadMarkOf(this.name));
      else await setCheckpoint(client, aheadMarkOf(this.name), this.applied);
    });
    this.durable = this.applied;
  }

  private async guarded(step: () => Promise<void>): Promise<void> {
    try {
      await step();
    } catch (error) {
      this.forget();
      throw error;
    }
  }

  /** Drops everything held in memory: after a failure it may describe changes that were rolled back. */
  private forget(): void {
    this.held.clear();
  }
}
