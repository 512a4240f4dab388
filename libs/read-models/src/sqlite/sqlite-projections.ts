import Database from 'better-sqlite3';
import { RecordedEvent } from '@trial-ledger/event-store';
import { TrialState } from '@trial-ledger/domain';
import { TrialView, ViewFold, foldOfView, foldTrialView, viewOfFold } from '../trial-view/trial-view.projection';
import { SearchKeys, searchKeysOf } from '../trial-view/trial-search-keys';
import { historyRow, historyStateOf, storedHistoryState } from '../trial-history/trial-history.projection';
import { ProjectionHandler } from '../ports/read-model.port';
import { SqliteProjection } from './sqlite-projection';
import { openReadModelDb } from './read-model-db';
import { SqliteTrialComplianceProjection } from './sqlite-trial-compliance';
import { SqliteTrialSearchTables } from './trial-search-tables';

export { searchKey } from '../trial-view/trial-search-keys';

export class SqliteTrialViewProjection extends SqliteProjection<ViewFold> {
  readonly name = 'trial-view';
  private readonly select = this.db.prepare<[string], { data: string }>('SELECT data FROM trials WHERE nct_id = ?');
  private readonly upsert = this.db.prepare(
    `INSERT INTO trials (nct_id, status, revision, position, conditions_key, countries_key, data) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT(nct_id) DO UPDATE SET status = excluded.status, revision = excluded.revision, position = excluded.position,
       conditions_key = excluded.conditions_key, countries_key = excluded.countries_key, data = excluded.data`,
  );
  private readonly storedKeys = this.db.prepare<[string], SearchKeys>(
    'SELECT status, conditions_key AS conditions, countries_key AS countries FROM trials WHERE nct_id = ?',
  );
  private readonly search = new SqliteTrialSearchTables(this.db);

  protected load(nctId: string): ViewFold | null {
    const row = this.select.get(nctId);
    return row ? foldOfView(JSON.parse(row.data) as TrialView) : null;
  }

  protected evolve(_nctId: string, current: ViewFold | null, event: RecordedEvent): ViewFold {
    return foldTrialView(current, event);
  }

  /** The filter tables follow the keys the row held before, in the same transaction as the row. */
  protected save(nctId: string, fold: ViewFold): void {
    const view = viewOfFold(fold);
    const keys = searchKeysOf(view);
    const before = this.storedKeys.get(nctId);
    this.upsert.run(nctId, keys.status, view.revision, view.position, keys.conditions, keys.countries, JSON.stringify(view));
    this.search.update(nctId, before, keys);
  }

  protected clear(): void {
    this.db.exec('DELETE FROM trials');
    this.search.clear();
  }
}

export class SqliteTrialHistoryProjection extends SqliteProjection<TrialState> {
  readonly name = 'trial-history';
  private readonly selectState = this.db.prepare<[string], { state: string }>('SELECT state FROM history_state WHERE nct_id = ?');
  private readonly saveState = this.db.prepare(
    'INSERT INTO history_state (nct_id, state) VALUES (?, ?) ON CONFLICT(nct_id) DO UPDATE SET state = excluded.state',
  );
  private readonly insertRow = this.db.prepare('INSERT INTO trial_history (nct_id, revision, position, changes) VALUES (?, ?, ?, ?)');
  private readonly lastRow = this.db.prepare<[], { r: number | null }>('SELECT max(rowid) AS r FROM trial_history');
  private readonly deleteAfter = this.db.prepare('DELETE FROM trial_history WHERE rowid > ?');

  protected load(nctId: string): TrialState | null {
    const row = this.selectState.get(nctId);
    return row ? historyStateOf(row.state) : null;
  }

  protected evolve(nctId: string, current: TrialState | null, event: RecordedEvent): TrialState {
    const { row, after } = historyRow(current, event);
    this.insertRow.run(nctId, row.revision, row.position, JSON.stringify(row.changes));
    return after;
  }

  protected save(nctId: string, state: TrialState): void {
    this.saveState.run(nctId, storedHistoryState(state));
  }

  // Entries are only ever appended, so rowids grow with what was written: a rowid is a mark of how far.
  protected override rowMark(): number {
    return this.lastRow.get()?.r ?? 0;
  }

  protected override deleteRowsAfter(mark: number): void {
    this.deleteAfter.run(mark);
  }

  protected clear(): void {
    this.db.exec('DELETE FROM trial_history; DELETE FROM history_state;');
  }
}

export interface SqliteProjections {
  db: Database.Database;
  handlers: ProjectionHandler[];
  close(): void;
}

/** The projections of one read-model file, on a connection of their own. */
export const openSqliteProjections = (file: string): SqliteProjections => {
  const db = openReadModelDb(file);
  const handlers = [new SqliteTrialViewProjection(db), new SqliteTrialHistoryProjection(db), new SqliteTrialComplianceProjection(db)];
  return { db, handlers, close: () => db.close() };
};
