import { resolve } from 'node:path';
import { PROJECTIONS } from '@trial-ledger/runtime';
import { ProjectionHandler, ProjectionRunner, TrialReadModel, rebuildReadModels } from '@trial-ledger/read-models';
import { TrialCommandExecutor, importPath } from '@trial-ledger/trials';
import { seedIfEmpty } from '../../apps/api/src/seed';
import { TestDatabase, postgresForTests } from '../support/postgres';
import { withClient } from '../support/postgres/databases';
import { caughtUp, crashingAfter, everything } from '../support/rebuild-checks';
import { TestApp, startTestApp } from '../support/test-app';

jest.setTimeout(60_000);

/** What the tables hold, read directly: no projection's `checkpoint()` runs (it would take rows back). */
const tables = (url: string) =>
  withClient(url, async (client) => {
    const checkpoints = await client.query<{ name: string; position: string }>(
      'SELECT name, position FROM projection_checkpoints ORDER BY name',
    );
    const history = await client.query<{ p: string | null }>('SELECT max(position) AS p FROM trial_history');
    return {
      checkpoints: Object.fromEntries(checkpoints.rows.map((r) => [r.name, Number(r.position)])),
      lastHistoryRow: Number(history.rows[0].p),
    };
  });

const options = { batchSize: 2, flushEvery: 4 };

describe('a write-behind rebuild of the PostgreSQL read models', () => {
  let database: TestDatabase;
  let t: TestApp;
  let handlers: ProjectionHandler[];
  let readModel: TrialReadModel;
  beforeEach(async () => {
    database = await postgresForTests();
    t = await startTestApp({ storage: { eventStore: 'sqlite', readModelStore: 'postgres', databaseUrl: database.url, runWorker: true } });
    await seedIfEmpty(t.app, resolve(__dirname, '../../seeds'));
    // One event per seeded trial; the real records bring the log past the crash points below.
    await importPath(t.app.get(TrialCommandExecutor), resolve(__dirname, '../../../shared/ctgov'), 'tester');
    readModel = t.app.get(TrialReadModel);
    // The incremental models each test compares with: the live projections caught up with the whole seed.
    await caughtUp(readModel, await t.store.headPosition());
    await t.app.get(ProjectionRunner).stop();
    handlers = t.app.get<ProjectionHandler[]>(PROJECTIONS);
  }, 120_000);
  afterEach(async () => {
    await t?.close();
    await database?.dispose();
  });

  it('keeps only whole windows after a crash between writes, and a resume completes them exactly', async () => {
    const head = await t.store.headPosition();
    expect(head).toBeGreaterThan(10);
    const incremental = await everything(readModel);
    await expect(rebuildReadModels(crashingAfter(t.store, 10), handlers, () => undefined, options)).rejects.toThrow('crashed');
    expect((await tables(database.url)).checkpoints).toEqual({
      'trial-compliance': 8,
      'trial-compliance~rows-covered': 8,
      'trial-history': 8,
      'trial-history~rows-covered': 8,
      'trial-view': 8,
      'trial-view~rows-covered': 8,
    });
    expect((await everything(readModel)).list.total).toBeLessThanOrEqual(incremental.list.total);
    const resumed = await rebuildReadModels(t.store, handlers, () => undefined, { ...options, resume: true });
    expect(resumed).toBe(head - 8);
    expect(await everything(readModel)).toEqual(incremental);
    expect((await tables(database.url)).checkpoints).toEqual({ 'trial-compliance': head, 'trial-history': head, 'trial-view': head });
  });

  it('takes back history rows committed beyond the checkpoint when the live projections start after a crash', async () => {
    const head = await t.store.headPosition();
    const incremental = await everything(readModel);
    await expect(rebuildReadModels(crashingAfter(t.store, 10), handlers, () => undefined, options)).rejects.toThrow('crashed');
    // Rows for positions 9 and 10 were committed with their batches, ahead of the checkpoint at 8.
    expect(await tables(database.url)).toMatchObject({ checkpoints: { 'trial-history': 8 }, lastHistoryRow: 10 });
    const runner = t.app.get(ProjectionRunner);
    const caughtUp = new Promise<void>((done) => {
      const off = runner.onProgress(
        () =>
          void readModel.position().then((p) => {
            if (p === head) {
              off();
              done();
            }
          }),
      );
    });
    await runner.start();
    await caughtUp;
    await runner.stop();
    expect(await everything(readModel)).toEqual(incremental);
    expect((await tables(database.url)).checkpoints).toEqual({ 'trial-compliance': head, 'trial-history': head, 'trial-view': head });
  });

  it('writes everything applied when the caller stops it between writes', async () => {
    const incremental = await everything(readModel);
    const stop = (done: number) => {
      if (done >= 6) throw new Error('stopped');
    };
    await expect(rebuildReadModels(t.store, handlers, stop, options)).rejects.toThrow('stopped');
    expect((await tables(database.url)).checkpoints).toEqual({ 'trial-compliance': 6, 'trial-history': 6, 'trial-view': 6 });
    await rebuildReadModels(t.store, handlers, () => undefined, { batchSize: 5, flushEvery: 1000, resume: true });
    expect(await everything(readModel)).toEqual(incremental);
  });

  it('yields the incremental models when a window spans the whole log', async () => {
    const incremental = await everything(readModel);
    await rebuildReadModels(t.store, handlers, () => undefined, { batchSize: 7 });
    expect(await everything(readModel)).toEqual(incremental);
  });
});
