import Database from 'better-sqlite3';
import { RecordedEvent } from '@trial-ledger/event-store';
import { ProjectionHandler, ProjectionRebuilder, RebuilderOptions } from '../ports/read-model.port';
import { applying, nctIdOfStream } from '@trial-ledger/ledger';
import { DEFAULT_FLUSH_EVERY, HeldStates } from '../projection/held-states';
import { Checkpoints } from './read-model-db';
import { widenWal } from './rebuild-wal';

/**
 * A projection keeping one state per trial. Live, a batch and the checkpoint commit in one SQLite
 * transaction, and events at or before the checkpoint are skipped, so a batch delivered twice changes
 * nothing the second time. A trial's state row is written once per batch, however many of its events
 * the batch holds: only the state at the checkpoint is ever visible, since both commit together.
 */
export abstract class SqliteProjection<S> extends ProjectionHandler {
  private readonly checkpoints: Checkpoints;
  private readonly applyBatch: (events: RecordedEvent[]) => void;
  /** States as of the last applied event; live, only those of the current batch. */
  private readonly held = new HeldStates<S>();

  constructor(protected readonly db: Database.Database) {
    super();
    this.checkpoints = new Checkpoints(db);
    this.applyBatch = db.transaction((events: RecordedEvent[]) => {
      this.persist(this.applyAll(events, this.checkpoints.get(this.name)));
      // Live, another runner may write the same file: nothing read is trusted beyond its batch.
      this.held.clear();
    });
  }

  /** The trial's stored state, or null when it has none yet. */
  protected abstract load(nctId: string): S | null;
  protected abstract evolve(nctId: string, current: S | null, event: RecordedEvent): S;
  protected abstract save(nctId: string, state: S): void;
  protected abstract clear(): void;

  /**
   * Projections that write a row per event (history entries) do so as they evolve, inside the caller's
   * transaction. A rebuild commits those rows batch by batch, ahead of the checkpoint; these two let it
   * mark how far the rows were covered by the checkpoint and take back the rows beyond the mark.
   */
  protected rowMark(): number {
    return 0;
  }

  protected deleteRowsAfter(_mark: number): void {}

  async checkpoint(): Promise<number> {
    this.discardRowsAhead();
    return this.checkpoints.get(this.name);
  }

  async handle(events: RecordedEvent[]): Promise<void> {
    if (events.length === 0) return;
    try {
      this.applyBatch(events);
    } catch (error) {
      this.forget();
      throw error;
    }
  }

  async reset(): Promise<void> {
    this.forget();
    this.db.transaction(() => {
      this.clear();
      this.checkpoints.delete(this.name);
      this.checkpoints.delete(this.aheadMark);
    })();
  }

  /**
   * Write-behind: states stay in memory across batches and are written with the checkpoint in one
   * transaction every `flushEvery` events; so a trial's state costs one read and one write per window
   * instead of per event. Per-event rows are committed with each batch, so none wait in memory; the
   * mark saved with the checkpoint tells which of them the checkpoint covers, and whatever lies beyond it
   * after a crash is deleted before the projection starts again (`checkpoint`, `rebuilder`). Only for a
   * rebuild, which has the file to itself.
   */
  override rebuilder({ flushEvery = DEFAULT_FLUSH_EVERY }: RebuilderOptions = {}): ProjectionRebuilder {
    this.forget();
    this.discardRowsAhead();
    const run = { checkpoint: this.checkpoints.get(this.name), sinceWrite: 0 };
    const restoreWal = widenWal(this.db);
    this.db.transaction(() => this.markCovered())();
    const applyRows = this.db.transaction((events: RecordedEvent[]) => this.applyAll(events, run.checkpoint));
    const flush = this.db.transaction((last: boolean) => {
      this.persist(run.checkpoint);
      if (last) this.checkpoints.delete(this.aheadMark);
      else this.markCovered();
    });
    return {
      apply: async (events) =>
        this.guarded(() => {
          run.sinceWrite += events.length;
          run.checkpoint = applyRows(events);
          if (run.sinceWrite < flushEvery) return;
          flush(false);
          this.held.written();
          run.sinceWrite = 0;
        }),
      finish: async () =>
        this.guarded(() => {
          flush(true);
          this.forget();
          restoreWal();
        }),
      abandon: () => {
        this.forget();
        restoreWal();
      },
    };
  }

  private guarded<T>(step: () => T): T {
    try {
      return step();
    } catch (error) {
      this.forget();
      throw error;
    }
  }

  private markCovered(): void {
    this.checkpoints.set(this.aheadMark, this.rowMark());
  }

  private applyAll(events: RecordedEvent[], from: number): number {
    let checkpoint = from;
    for (const event of events) {
      if (event.position <= checkpoint) continue;
      const nctId = nctIdOfStream(event.streamId);
      if (nctId !== null) {
        const current = this.held.states.get(nctId) ?? this.load(nctId);
        this.held.set(
          nctId,
          applying(event, () => this.evolve(nctId, current, event)),
        );
      }
      checkpoint = event.position;
    }
    return checkpoint;
  }

  private persist(checkpoint: number): void {
    for (const [nctId, state] of this.held.changed()) this.save(nctId, state);
    this.checkpoints.set(this.name, checkpoint);
  }

  /** Drops everything held in memory: after a failure it may describe changes that were rolled back. */
  private forget(): void {
    this.held.clear();
  }

  private get aheadMark(): string {
    return `${this.name}~rows-covered`;
  }

  /** Rows an interrupted rebuild committed beyond its checkpoint; the live path never leaves any. */
  private discardRowsAhead(): void {
    const mark = this.checkpoints.find(this.aheadMark);
    if (mark === null) return;
    this.db.transaction(() => {
      this.deleteRowsAfter(mark);
      this.checkpoints.delete(this.aheadMark);
    })();
  }
}
