import { Pool } from 'pg';
import { Page, TrialFilter, TrialReadModel } from '../ports/read-model.port';
import { TrialSummary, TrialView, summarize } from '../trial-view/trial-view.projection';
import { HistoryRow, storedHistoryRow } from '../trial-history/trial-history.projection';
import { reading } from './pg-read-errors';
import { ensureReadModelSchema } from './pg-read-model-schema';
import { pgFilterSql } from './pg-trial-filter';

/** Reads the tables of `PgTrialViewProjection` and `PgTrialHistoryProjection`; the pool belongs to the caller. */
export class PgTrialReadModel extends TrialReadModel {
  constructor(
    private readonly pool: Pool,
    private readonly projectionNames: string[],
  ) {
    super();
  }

  async getTrial(nctId: string): Promise<TrialView | null> {
    return reading(async () => {
      await ensureReadModelSchema(this.pool);
      const { rows } = await this.pool.query<{ data: string }>('SELECT data FROM trial_view WHERE nct_id = $1', [nctId]);
      return rows.length ? (JSON.parse(rows[0].data) as TrialView) : null;
    });
  }

  /** One statement, so the total and the page come from the same snapshot even while projections write. */
  async listTrials(filter: TrialFilter): Promise<Page<TrialSummary>> {
    return reading(async () => {
      await ensureReadModelSchema(this.pool);
      const { ids, params } = pgFilterSql(filter);
      const n = params.length;
      const { rows } = await this.pool.query<{ total: string; data: string | null }>(
        `SELECT c.total, p.data FROM (SELECT count(*) AS total FROM (${ids}) f) c
         LEFT JOIN LATERAL (SELECT nct_id, data FROM trial_view WHERE nct_id IN (${ids} ORDER BY nct_id LIMIT $${n + 1} OFFSET $${n + 2})) p ON true
         ORDER BY p.nct_id`,
        [...params, filter.limit, filter.offset],
      );
      const items = rows.flatMap((r) => (r.data === null ? [] : [summarize(JSON.parse(r.data) as TrialView)]));
      return { items, total: Number(rows[0].total), limit: filter.limit, offset: filter.offset };
    });
  }

  async getHistoryRows(nctId: string): Promise<HistoryRow[]> {
    return reading(async () => {
      await ensureReadModelSchema(this.pool);
      const { rows } = await this.pool.query<{ revision: number; position: string; changes: string }>(
        'SELECT revision, position, changes FROM trial_history WHERE nct_id = $1 ORDER BY revision',
        [nctId],
      );
      return rows.map((r) => storedHistoryRow(r.revision, Number(r.position), r.changes));
    });
  }

  async position(): Promise<number> {
    return reading(async () => {
      await ensureReadModelSchema(this.pool);
      const { rows } = await this.pool.query<{ position: string }>(
        'SELECT position FROM projection_checkpoints WHERE name = ANY($1::text[])',
        [this.projectionNames],
      );
      if (rows.length < this.projectionNames.length) return 0;
      return Math.min(...rows.map((r) => Number(r.position)));
    });
  }
}
