import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StreamBuilder, registered } from '../../../ledger/src/testing/recorded-events';
import { openReadModelDb } from './read-model-db';
import { SqliteTrialHistoryProjection, SqliteTrialViewProjection } from './sqlite-projections';
import { SqliteTrialReadModel } from './sqlite-trial-read-model';

// The generic checks run for every adapter in sqlite-read-model.int.spec.ts (read-model.contract.ts).
describe('SQLite projections in a file', () => {
  const nctId = 'NCT02985346';
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'read-models-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('resume from the checkpoint in the file after a reopen, applying a re-delivered batch once', async () => {
    const b = new StreamBuilder();
    const events = [
      b.record(registered(nctId)),
      b.record({ type: 'TrialStatusChanged', data: { nctId, from: 'NOT_YET_RECRUITING', to: 'RECRUITING' } }),
    ];
    const file = join(dir, 'read-models.sqlite');
    const first = openReadModelDb(file);
    await new SqliteTrialHistoryProjection(first).handle(events.slice(0, 1));
    first.close();
    const db = openReadModelDb(file);
    const history = new SqliteTrialHistoryProjection(db);
    expect(await history.checkpoint()).toBe(1);
    await history.handle(events);
    expect(await new SqliteTrialReadModel(db, [history.name]).getHistoryRows(nctId)).toHaveLength(2);
    expect(await new SqliteTrialViewProjection(db).checkpoint()).toBe(0);
    db.close();
  });
  it('lets the WAL grow between checkpoints while rebuilders run, and restores the setting when the last one ends', async () => {
    const db = openReadModelDb(join(dir, 'read-models.sqlite'));
    const walPages = () => db.pragma('wal_autocheckpoint', { simple: true });
    const before = walPages();
    const [view, history] = [new SqliteTrialViewProjection(db).rebuilder(), new SqliteTrialHistoryProjection(db).rebuilder()];
    expect(walPages()).toBeGreaterThan(before as number);
    await view.finish();
    expect(walPages()).toBeGreaterThan(before as number);
    history.abandon();
    expect(walPages()).toBe(before);
    db.close();
  });
  it('after a batch that failed midway, applies the next delivery on what was committed, not on the failed states', async () => {
    const b = new StreamBuilder();
    const events = [
      b.record(registered(nctId)),
      b.record({ type: 'EnrollmentUpdated', data: { nctId, count: 12, type: 'ACTUAL' } }),
      b.record({ type: 'TrialStatusChanged', data: { nctId, from: 'NOT_YET_RECRUITING', to: 'RECRUITING' } }),
    ];
    const db = openReadModelDb(join(dir, 'read-models.sqlite'));
    const projections = [new SqliteTrialViewProjection(db), new SqliteTrialHistoryProjection(db)];
    for (const p of projections) {
      await expect(p.handle([events[0], events[1], { ...events[2], type: 'NoSuchEvent' }])).rejects.toThrow(/Unknown event type/);
      await p.handle(events);
    }
    const readModel = new SqliteTrialReadModel(
      db,
      projections.map((p) => p.name),
    );
    expect(await readModel.getTrial(nctId)).toMatchObject({ revision: 3, status: 'RECRUITING', enrollment: { count: 12, type: 'ACTUAL' } });
    expect((await readModel.getHistoryRows(nctId)).map((e) => e.changes.map((c) => c.field))).toEqual([
      expect.arrayContaining(['status', 'nctId']),
      ['enrollment.count', 'enrollment.type'],
      ['status'],
    ]);
    db.close();
  });
});
