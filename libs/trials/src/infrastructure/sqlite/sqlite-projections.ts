import Database from 'better-sqlite3';
import { RecordedEvent } from '@trial-ledger/event-store';
import { TrialState, initialState } from '@trial-ledger/domain';
import { ProjectionHandler } from '../../application/ports/read-model.port';
import { nctIdOfStream } from '../../application/shared/trial-stream';
import { TrialView, countriesOf, projectTrialView } from '../../read-models/trial-view.projection';
import { historyEntry } from '../../read-models/trial-history.projection';
import { Checkpoints } from './read-model-db';

/**
 * Applies a batch and the checkpoint in one SQLite transaction. Events at or before the checkpoint are
 * skipped, so a batch delivered twice (a restart, a second runner) changes nothing the second time.
 * A trial's state row is written once per batch, however many of its events the batch holds: only the
 * state at the checkpoint is ever visible, since both commit together.
 */
abstract class SqliteProjection extends ProjectionHandler {
  private readonly checkpoints: Checkpoints;
  private readonly applyBatch: (events: RecordedEvent[]) => void;

  constructor(protected readonly db: Database.Database) {
    super();
    this.checkpoints = new Checkpoints(db);
    this.applyBatch = db.transaction((events: RecordedEvent[]) => {
      let checkpoint = this.checkpoints.get(this.name);
      for (const event of events) {
        if (event.position <= checkpoint) continue;
        const nctId = nctIdOfStream(event.streamId);
        if (nctId !== null) this.apply(nctId, event);
        checkpoint = event.position;
      }
      this.flush();
      this.checkpoints.set(this.name, checkpoint);
    });
  }

  protected abstract apply(nctId: string, event: RecordedEvent): void;
  /** Writes the states the batch left behind, inside the batch's transaction. */
  protected abstract flush(): void;
  /** Drops everything held in memory: after a failed batch it may describe changes that were rolled back. */
  protected abstract forget(): void;
  protected abstract clear(): void;

  async checkpoint(): Promise<number> {
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
    })();
  }
}

export class SqliteTrialViewProjection extends SqliteProjection {
  readonly name = 'trial-view';
  private readonly pending = new Map<string, TrialView>();
  private readonly select = this.db.prepare<[string], { data: string }>('SELECT data FROM trials WHERE nct_id = ?');
  private readonly upsert = this.db.prepare(
    `INSERT INTO trials (nct_id, status, revision, position, conditions_key, countries_key, data) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT(nct_id) DO UPDATE SET status = excluded.status, revision = excluded.revision, position = excluded.position,
       conditions_key = excluded.conditions_key, countries_key = excluded.countries_key, data = excluded.data`,
  );

  protected apply(nctId: string, event: RecordedEvent): void {
    this.pending.set(nctId, projectTrialView(this.pending.get(nctId) ?? this.stored(nctId), event));
  }

  private stored(nctId: string): TrialView | null {
    const row = this.select.get(nctId);
    return row ? (JSON.parse(row.data) as TrialView) : null;
  }

  protected flush(): void {
    for (const [nctId, view] of this.pending) {
      this.upsert.run(nctId, view.status, view.revision, view.position, searchKey(view.conditions), searchKey(countriesOf(view)), JSON.stringify(view));
    }
    this.pending.clear();
  }

  protected forget(): void {
    this.pending.clear();
  }

  protected clear(): void {
    this.db.exec('DELETE FROM trials');
  }
}

export class SqliteTrialHistoryProjection extends SqliteProjection {
  readonly name = 'trial-history';
  private readonly pending = new Map<string, TrialState>();
  private readonly selectState = this.db.prepare<[string], { state: string }>('SELECT state FROM history_state WHERE nct_id = ?');
  private readonly saveState = this.db.prepare(
    'INSERT INTO history_state (nct_id, state) VALUES (?, ?) ON CONFLICT(nct_id) DO UPDATE SET state = excluded.state',
  );
  private readonly insertEntry = this.db.prepare('INSERT INTO trial_history (nct_id, revision, position, entry) VALUES (?, ?, ?, ?)');

  protected apply(nctId: string, event: RecordedEvent): void {
    const before = this.pending.get(nctId) ?? this.stored(nctId);
    const { entry, after } = historyEntry(nctId, before, event);
    this.insertEntry.run(nctId, entry.revision, entry.position, JSON.stringify(entry));
    this.pending.set(nctId, after);
  }

  private stored(nctId: string): TrialState {
    const row = this.selectState.get(nctId);
    return row ? (JSON.parse(row.state) as TrialState) : initialState();
  }

  protected flush(): void {
    for (const [nctId, state] of this.pending) this.saveState.run(nctId, JSON.stringify(state));
    this.pending.clear();
  }

  protected forget(): void {
    this.pending.clear();
  }

  protected clear(): void {
    this.db.exec('DELETE FROM trial_history; DELETE FROM history_state;');
  }
}

/** Newline-framed, lower-cased values, so a filter can match a whole value or a part of one with instr(). */
export const searchKey = (values: string[]): string => `\n${values.map((v) => v.toLowerCase()).join('\n')}\n`;
