import { StreamBuilder, registered } from '../../testing/recorded-events';
import { openReadModelDb } from './read-model-db';
import { SqliteTrialHistoryProjection, SqliteTrialViewProjection } from './sqlite-projections';
import { SqliteTrialReadModel } from './sqlite-trial-read-model';

describe('SQLite projections', () => {
  const nctId = 'NCT02985346';
  const setup = () => {
    const db = openReadModelDb(':memory:');
    const view = new SqliteTrialViewProjection(db);
    const history = new SqliteTrialHistoryProjection(db);
    return { db, view, history, readModel: new SqliteTrialReadModel(db, [view.name, history.name]) };
  };
  const stream = () => {
    const b = new StreamBuilder();
    return [
      b.record(registered(nctId)),
      b.record({ type: 'TrialStatusChanged', data: { nctId, from: 'NOT_YET_RECRUITING', to: 'RECRUITING' } }),
      b.record({ type: 'EnrollmentUpdated', data: { nctId, count: 4, type: 'ACTUAL' } }),
    ];
  };

  it('moves the checkpoint with the change, and applies nothing twice when a batch is delivered again', async () => {
    const { view, history, readModel } = setup();
    const events = stream();
    for (const p of [view, history]) {
      await p.handle(events.slice(0, 2));
      await p.handle(events.slice(0, 3));
      await p.handle(events);
    }
    expect(await view.checkpoint()).toBe(3);
    expect(await readModel.position()).toBe(3);
    expect(await readModel.getHistory(nctId)).toHaveLength(3);
    expect(await readModel.getTrial(nctId)).toMatchObject({ revision: 3, status: 'RECRUITING', enrollment: { count: 4, type: 'ACTUAL' } });
  });

  it('rolls back the change and the checkpoint together when a batch fails midway', async () => {
    const { view, readModel } = setup();
    const events = stream();
    const corrupt = { ...events[2], type: 'NoSuchEvent' };
    await expect(view.handle([events[0], events[1], corrupt])).rejects.toThrow(/Unknown event type/);
    expect(await view.checkpoint()).toBe(0);
    expect(await readModel.getTrial(nctId)).toBeNull();
  });

  it('reports the lowest checkpoint of all projections as the read-model position', async () => {
    const { view, history, readModel } = setup();
    const events = stream();
    await view.handle(events);
    await history.handle(events.slice(0, 1));
    expect(await readModel.position()).toBe(1);
  });

  it('reset empties the read model and its checkpoint', async () => {
    const { view, readModel } = setup();
    await view.handle(stream());
    await view.reset();
    expect(await view.checkpoint()).toBe(0);
    expect((await readModel.listTrials({ limit: 10, offset: 0 })).total).toBe(0);
  });
});
