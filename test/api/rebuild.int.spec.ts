import { PROJECTIONS } from '@trial-ledger/runtime';
import { ProjectionHandler, ProjectionRunner, rebuildReadModels } from '@trial-ledger/read-models';
import { seedIfEmpty } from '../../apps/api/src/seed';
import { TestApp, startTestApp } from '../support/test-app';
import { resolve } from 'node:path';

describe('rebuilding the read models from the log', () => {
  let t: TestApp;
  beforeEach(async () => (t = await startTestApp()));
  afterEach(() => t.close());

  it('yields exactly the models built incrementally', async () => {
    await seedIfEmpty(t.app, resolve(__dirname, '../../seeds'));
    const auditor = t.token('auditor');
    const head = await t.store.headPosition();
    const snapshot = async () => ({
      list: (await t.http.get(`/trials?minPosition=${head}&limit=100`).set('Authorization', auditor)).body,
      trial: (await t.http.get('/trials/NCT06171906').set('Authorization', auditor)).body,
      history: (await t.http.get('/trials/NCT02985346/history').set('Authorization', auditor)).body,
    });
    const incremental = await snapshot();
    await t.app.get(ProjectionRunner).stop();
    const replayed = await rebuildReadModels(t.store, t.app.get<ProjectionHandler[]>(PROJECTIONS), () => undefined, { batchSize: 3 });
    expect(replayed).toBe(head);
    expect(await snapshot()).toEqual(incremental);
  });

  it('resumes after an interruption and still yields exactly the incremental models', async () => {
    await seedIfEmpty(t.app, resolve(__dirname, '../../seeds'));
    const auditor = t.token('auditor');
    const head = await t.store.headPosition();
    const snapshot = async () => ({
      list: (await t.http.get(`/trials?minPosition=${head}&limit=100`).set('Authorization', auditor)).body,
      history: (await t.http.get('/trials/NCT02985346/history').set('Authorization', auditor)).body,
    });
    const incremental = await snapshot();
    await t.app.get(ProjectionRunner).stop();
    const handlers = t.app.get<ProjectionHandler[]>(PROJECTIONS);
    const interrupt = (done: number) => {
      if (done >= 4) throw new Error('interrupted');
    };
    await expect(rebuildReadModels(t.store, handlers, interrupt, { batchSize: 2 })).rejects.toThrow('interrupted');
    expect(Math.min(...(await Promise.all(handlers.map((h) => h.checkpoint()))))).toBe(4);
    const resumed = await rebuildReadModels(t.store, handlers, () => undefined, { batchSize: 2, resume: true });
    expect(resumed).toBe(head - 4);
    expect(await snapshot()).toEqual(incremental);
  });
});
