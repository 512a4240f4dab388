import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StreamBuilder, registered } from '../../../ledger/src/testing/recorded-events';
import { openReadModelDb } from './read-model-db';
import { SqliteTrialHistoryProjection, SqliteTrialViewProjection } from './sqlite-projections';
import { SqliteTrialReadModel } from './sqlite-trial-read-model';

/** The tables as a read-model file of the earlier shape held them: each history row a copy of its event. */
const EARLIER_SHAPE = `
CREATE TABLE checkpoints (name TEXT PRIMARY KEY, position INTEGER NOT NULL);
CREATE TABLE trials (nct_id TEXT PRIMARY KEY, status TEXT NOT NULL, revision INTEGER NOT NULL, position INTEGER NOT NULL,
  conditions_key TEXT NOT NULL, countries_key TEXT NOT NULL, data TEXT NOT NULL);
CREATE TABLE trial_history (nct_id TEXT NOT NULL, revision INTEGER NOT NULL, position INTEGER NOT NULL, entry TEXT NOT NULL,
  PRIMARY KEY (nct_id, revision));
CREATE TABLE history_state (nct_id TEXT PRIMARY KEY, state TEXT NOT NULL);
`;

describe('read-model file of the earlier history shape', () => {
  const nctId = 'NCT02985346';
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'read-models-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('drops the copied history and its checkpoints, keeps the trials, and replays the history from the log', async () => {
    const b = new StreamBuilder();
    const events = [registered(nctId), { type: 'EnrollmentUpdated' as const, data: { nctId, count: 7, type: 'ACTUAL' as const } }].map(
      (e) => b.record(e),
    );
    const file = join(dir, 'read-models.sqlite');
    const old = new Database(file);
    old.exec(EARLIER_SHAPE);
    old.prepare('INSERT INTO trial_history VALUES (?, 1, 1, \'{"nctId":"NCT02985346","changes":[]}\')').run(nctId);
    old.prepare("INSERT INTO history_state VALUES (?, '{}')").run(nctId);
    old.exec("INSERT INTO checkpoints VALUES ('trial-view', 1), ('trial-history', 1), ('trial-history~rows-covered', 1)");
    old.close();
    const db = openReadModelDb(file);
    const history = new SqliteTrialHistoryProjection(db);
    expect(await history.checkpoint()).toBe(0);
    expect(db.prepare('SELECT count(*) AS n FROM history_state').get()).toEqual({ n: 0 });
    expect(await new SqliteTrialViewProjection(db).checkpoint()).toBe(1);
    await history.handle(events);
    const rows = await new SqliteTrialReadModel(db, ['trial-view', history.name]).getHistoryRows(nctId);
    expect(rows.map((r) => [r.revision, r.changes.length > 0])).toEqual([
      [1, true],
      [2, true],
    ]);
    db.close();
  });

  it('leaves a file of the current shape as it is when opened again', async () => {
    const file = join(dir, 'read-models.sqlite');
    const first = openReadModelDb(file);
    await new SqliteTrialHistoryProjection(first).handle([new StreamBuilder().record(registered(nctId))]);
    first.close();
    const db = openReadModelDb(file);
    expect(await new SqliteTrialHistoryProjection(db).checkpoint()).toBe(1);
    expect(await new SqliteTrialReadModel(db, ['trial-history']).getHistoryRows(nctId)).toHaveLength(1);
    db.close();
  });

  it('fills the filter tables of a file made before them from the keys its trials hold, once', async () => {
    const b = new StreamBuilder();
    const file = join(dir, 'read-models.sqlite');
    const first = openReadModelDb(file);
    await new SqliteTrialViewProjection(first).handle([
      b.record(registered(nctId)),
      b.record({ type: 'SiteAdded', data: { nctId, siteId: 's1', facility: 'Sun Yat-sen Memorial Hospital', country: 'China' } }),
    ]);
    first.exec('DROP TABLE trial_countries; DROP TABLE trial_conditions; DROP TABLE condition_terms;');
    first.close();
    const filtered = async () => {
      const db = openReadModelDb(file);
      const rm = new SqliteTrialReadModel(db, ['trial-view']);
      const pages = [
        await rm.listTrials({ country: 'china', limit: 5, offset: 0 }),
        await rm.listTrials({ condition: 'hemosiderosis', limit: 5, offset: 0 }),
      ];
      db.close();
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
});
