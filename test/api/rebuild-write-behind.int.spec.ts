import { resolve } from 'node:path';
import { PROJECTIONS } from '@trial-ledger/runtime';
import { ProjectionHandler, ProjectionRunner, TrialReadModel, rebuildReadModels } from '@trial-ledger/read-models';
import { TrialCommandExecutor, importPath } from '@trial-ledger/trials';
import { seedIfEmpty } from '../../apps/api/src/seed';
import { caughtUp, crashingAfter, everything } from '../support/rebuild-checks';
import { TestApp, startTestApp } from '../support/test-app';

describe('a write-behind rebuild of the SQLite read models', () => {
  let t: TestApp;
  let handlers: ProjectionHandler[];
  let readModel: TrialReadModel;
  beforeEach(async () => {
    t = await startTestApp();
    await seedIfEmpty(t.app, resolve(__dirname, '../../seeds'));
    // One event per seeded trial; the real records bring the log past the crash points below.
    await importPath(t.app.get(TrialCommandExecutor), resolve(__dirname, '../../../shared/ctgov'), 'tester');
    readModel = t.app.get(TrialReadModel);
    // The incremental models each test compares with: the live projections caught up with the whole seed.
    await caughtUp(readModel, await t.store.headPosition());
    await t.app.get(ProjectionRunner).stop();
    handlers = t.app.get<ProjectionHandler[]>(PROJECTIONS);
  });
  afterEach(() => t.close());

  it('keeps only whole windows after a crash between writes, and a resume completes them exactly', async () => {
    const head = await t.store.headPosition();
    expect(head).toBeGreaterThan(10);
    const incremental = await everything(readModel);
    const options = { batchSize: 2, flushEvery: 4 };
    await expect(rebuildReadModels(crashingAfter(t.store, 10), handlers, () => undefined, options)).rejects.toThrow('crashed');
    expect(await Promise.all(handlers.map((h) => h.checkpoint()))).toEqual([8, 8, 8]);
    const resumed = await rebuildReadModels(t.store, handlers, () => undefined, { ...options, resume: true });
    expect(resumed).toBe(head - 8);
    expect(await everything(readModel)).toEqual(incremental);
  });

  it('takes back history rows committed beyond the checkpoint when the live projections start after a crash', async () => {
    const head = await t.store.headPosition();
    const incremental = await everything(readModel);
    await expect(rebuildReadModels(crashingAfter(t.store, 10), handlers, () => undefined, { batchSize: 2, flushEvery: 4 })).rejects.toThrow(
      'crashed',
    );
    // Rows for positions 9 and 10 were committed with their batches, ahead of the checkpoint at 8.
    const histories = await Promise.all(incremental.list.items.map((i) => readModel.getHistoryRows(i.nctId)));
    expect(Math.max(...histories.flat().map((e) => e.position))).toBe(10);
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
    expect(await everything(readModel)).toEqual(incremental);
  });

  it('writes everything applied when the caller stops it between writes', async () => {
    const incremental = await everything(readModel);
    const stop = (done: number) => {
      if (done >= 6) throw new Error('stopped');
    };
    await expect(rebuildReadModels(t.store, handlers, stop, { batchSize: 2, flushEvery: 4 })).rejects.toThrow('stopped');
    expect(await Promise.all(handlers.map((h) => h.checkpoint()))).toEqual([6, 6, 6]);
    await rebuildReadModels(t.store, handlers, () => undefined, { batchSize: 5, flushEvery: 1000, resume: true });
    expect(await everything(readModel)).toEqual(incremental);
  });

  it('yields the incremental models when a window spans the whole log', async () => {
    const incremental = await everything(readModel);
    await rebuildReadModels(t.store, handlers, () => undefined, { batchSize: 7 });
    expect(await everything(readModel)).toEqual(incremental);
  });
});
