import Database from 'better-sqlite3';
import { Page, TrialFilter, TrialReadModel } from '../ports/read-model.port';
import { TrialSummary, TrialView, summarize } from '../trial-view/trial-view.projection';
import { HistoryRow, storedHistoryRow } from '../trial-history/trial-history.projection';
import { filterSql } from './sqlite-trial-filter';

export class SqliteTrialReadModel extends TrialReadModel {
  private readonly statements = new Map<string, { count: Database.Statement; page: Database.Statement }>();

  constructor(
    private readonly db: Database.Database,
    private readonly projectionNames: string[],
  ) {
    super();
  }

  async getTrial(nctId: string): Promise<TrialView | null> {
    const row = this.db.prepare<[string], { data: string }>('SELECT data FROM trials WHERE nct_id = ?').get(nctId);
    return row ? (JSON.parse(row.data) as TrialView) : null;
  }

  async listTrials(filter: TrialFilter): Promise<Page<TrialSummary>> {
    const { ids, params } = filterSql(filter);
    const { count, page } = this.listStatements(ids);
    const total = count.get(...params) as { n: number };
    const rows = page.all(...params, filter.limit, filter.offset) as { data: string }[];
    const items = rows.map((r) => summarize(JSON.parse(r.data) as TrialView));
    return { items, total: total.n, limit: filter.limit, offset: filter.offset };
  }

  /**
   * The page is chosen on narrow indexes first and only its rows' JSON is read: skipping an offset of
   * thousands then costs index entries, not rows. A few filter shapes, so each is prepared once.
   */
  private listStatements(ids: string): { count: Database.Statement; page: Database.Statement } {
    let statements = this.statements.get(ids);
    if (!statements) {
      statements = {
        count: this.db.prepare(`SELECT count(*) AS n FROM (${ids})`),
        page: this.db.prepare(`SELECT data FROM trials WHERE nct_id IN (${ids} ORDER BY nct_id LIMIT ? OFFSET ?) ORDER BY nct_id`),
      };
      this.statements.set(ids, statements);
    }
    return statements;
  }

  async getHistoryRows(nctId: string): Promise<HistoryRow[]> {
    const rows = this.db
      .prepare<[string], { revision: number; position: number; changes: string }>(
        'SELECT revision, position, changes FROM trial_history WHERE nct_id = ? ORDER BY revision',
      )
      .all(nctId);
    return rows.map((r) => storedHistoryRow(r.revision, r.position, r.changes));
  }

  async position(): Promise<number> {
    const placeholders = this.projectionNames.map(() => '?').join(', ');
    const rows = this.db.prepare(`SELECT name, position FROM checkpoints WHERE name IN (${placeholders})`).all(...this.projectionNames) as {
      name: string;
      position: number;
    }[];
    if (rows.length < this.projectionNames.length) return 0;
    return Math.min(...rows.map((r) => r.position));
  }
}
