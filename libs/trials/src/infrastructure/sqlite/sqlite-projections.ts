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
      this.checkpoints.set(this.name, checkpoint);
    });
  }

  protected abstract apply(nctId: string, event: RecordedEvent): void;
  protected abstract clear(): void;

  async checkpoint(): Promise<number> {
    return this.checkpoints.get(this.name);
  }

  async handle(events: RecordedEvent[]): Promise<void> {
    if (events.length > 0) this.applyBatch(events);
  }

  async reset(): Promise<void> {
    this.db.transaction(() => {
      this.clear();
      this.checkpoints.delete(this.name);
    })();
  }
}

export class SqliteTrialViewProjection extends SqliteProjection {
  readonly name = 'trial-view';
  private readonly select = this.db.prepare<[string], { data: string }>('SELECT data FROM trials WHERE nct_id = ?');
  private readonly upsert = this.db.prepare(
    `INSERT INTO trials (nct_id, status, revision, position, conditions_key, countries_key, data) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT(nct_id) DO UPDATE SET status = excluded.status, revision = excluded.revision, position = excluded.position,
       conditions_key = excluded.conditions_key, countries_key = excluded.countries_key, data = excluded.data`,
  );

  protected apply(nctId: string, event: RecordedEvent): void {
    const row = this.select.get(nctId);
    const view = projectTrialView(row ? (JSON.parse(row.data) as TrialView) : null, event);
    this.upsert.run(nctId, view.status, view.revision, view.position, searchKey(view.conditions), searchKey(countriesOf(view)), JSON.stringify(view));
  }

  protected clear(): void {
    this.db.exec('DELETE FROM trials');
  }
}

export class SqliteTrialHistoryProjection extends SqliteProjection {
  readonly name = 'trial-history';
  private readonly selectState = this.db.prepare<[string], { state: string }>('SELECT state FROM history_state WHERE nct_id = ?');
  private readonly saveState = this.db.prepare(
    'INSERT INTO history_state (nct_id, state) VALUES (?, ?) ON CONFLICT(nct_id) DO UPDATE SET state = excluded.state',
  );
  private readonly insertEntry = this.db.prepare('INSERT INTO trial_history (nct_id, revision, position, entry) VALUES (?, ?, ?, ?)');

  protected apply(nctId: string, event: RecordedEvent): void {
    const row = this.selectState.get(nctId);
    const before: TrialState = row ? (JSON.parse(row.state) as TrialState) : initialState();
    const { entry, after } = historyEntry(nctId, before, event);
    this.insertEntry.run(nctId, entry.revision, entry.position, JSON.stringify(entry));
    this.saveState.run(nctId, JSON.stringify(after));
  }

  protected clear(): void {
    this.db.exec('DELETE FROM trial_history; DELETE FROM history_state;');
  }
}

/** Newline-framed, lower-cased values, so a filter can match a whole value or a part of one with instr(). */
export const searchKey = (values: string[]): string => `\n${values.map((v) => v.toLowerCase()).join('\n')}\n`;
