import { freshSchemaPerTest } from '../../../../test/support/pg-schemas';
import { StreamBuilder, registered } from '../../../ledger/src/testing/recorded-events';
import { PgTrialHistoryProjection, PgTrialViewProjection } from './pg-projections';
import { PgTrialReadModel } from './pg-trial-read-model';

/** The tables as read models of the earlier shape held them: each history row a copy of its event. */
const EARLIER_SHAPE = `
CREATE TABLE projection_checkpoints (name TEXT PRIMARY KEY, position BIGINT NOT NULL);
CREATE TABLE trial_history (nct_id TEXT NOT NULL, revision INTEGER NOT NULL, position BIGINT NOT NULL, entry TEXT NOT NULL,
  PRIMARY KEY (nct_id, revision));
CREATE TABLE trial_history_state (nct_id TEXT PRIMARY KEY, state TEXT NOT NULL);
INSERT INTO trial_history VALUES ('NCT02985346', 1, 1, '{"changes":[]}');
INSERT INTO trial_history_state VALUES ('NCT02985346', '{}');
INSERT INTO projection_checkpoints VALUES ('trial-view', 1), ('trial-history', 1), ('trial-history~rows-covered', 1);
`;

describe('PostgreSQL read models of the earlier history shape', () => {
  const nctId = 'NCT02985346';
  const schema = freshSchemaPerTest();

  it('drop the copied history and its checkpoints, keep the view checkpoint, and replay the history from the log', async () => {
    await schema.pool().query(EARLIER_SHAPE);
    const pool = schema.pool();
    const history = new PgTrialHistoryProjection(pool);
    expect(await history.checkpoint()).toBe(0);
    expect(await new PgTrialViewProjection(pool).checkpoint()).toBe(1);
    expect((await pool.query('SELECT count(*)::int AS n FROM trial_history_state')).rows).toEqual([{ n: 0 }]);
    const b = new StreamBuilder();
    await history.handle([b.record(registered(nctId)), b.record({ type: 'EnrollmentUpdated', data: { nctId, count: 7, type: 'ACTUAL' } })]);
    const rows = await new PgTrialReadModel(pool, [history.name]).getHistoryRows(nctId);
    expect(rows.map((r) => [r.revision, r.position])).toEqual([
      [1, 1],
      [2, 2],
    ]);
    expect(rows[1].changes).toEqual([
      { field: 'enrollment.count', from: 100, to: 7 },
      { field: 'enrollment.type', from: 'ESTIMATED', to: 'ACTUAL' },
    ]);
  });

  it('leave read models of the current shape as they are on the next start', async () => {
    const history = new PgTrialHistoryProjection(schema.pool());
    await history.handle([new StreamBuilder().record(registered(nctId))]);
    const again = schema.pool();
    expect(await new PgTrialHistoryProjection(again).checkpoint()).toBe(1);
    expect(await new PgTrialReadModel(again, [history.name]).getHistoryRows(nctId)).toHaveLength(1);
  });

  it('fill the filter tables of read models made before them from the keys their trials hold, once', async () => {
    const b = new StreamBuilder();
    const first = schema.pool();
    await new PgTrialViewProjection(first).handle([
      b.record(registered(nctId)),
      b.record({ type: 'SiteAdded', data: { nctId, siteId: 's1', facility: 'Sun Yat-sen Memorial Hospital', country: 'China' } }),
    ]);
    await first.query('DROP TABLE trial_countries; DROP TABLE trial_conditions; DROP TABLE condition_terms;');
    const filtered = async () => {
      const rm = new PgTrialReadModel(schema.pool(), ['trial-view']);
      const pages = [
        await rm.listTrials({ country: 'china', limit: 5, offset: 0 }),
        await rm.listTrials({ condition: 'hemosiderosis', limit: 5, offset: 0 }),
      ];
      return pages.map((page) => [page.total, page.items.map((i) => i.nctId)]);
    };
    expect(await filtered()).toEqual([
      [1, [nctId]],
      [1, [nctId]],
    ]);
    expect(await filtered()).toEqual([
      [1, [nctId]],
      [1, [nctId]],
    ]);
  });

  it('index the distinct conditions by trigram (pg_trgm, created in public), and a LIKE of three characters can use it', async () => {
    const pool = schema.pool();
    await new PgTrialViewProjection(pool).handle([new StreamBuilder().record(registered(nctId))]);
    const client = await pool.connect();
    try {
      await client.query('SET enable_seqscan = off');
      const plan = await client.query<{ 'QUERY PLAN': string }>("EXPLAIN SELECT term FROM condition_terms WHERE term LIKE '%hemo%'");
      expect(plan.rows.map((r) => r['QUERY PLAN']).join('\n')).toContain('condition_terms_trigrams');
    } finally {
      client.release();
    }
    const extension = await pool.query(
      "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE extname = 'pg_trgm'",
    );
    expect(extension.rows).toEqual([{ nspname: 'public' }]);
  });
});
