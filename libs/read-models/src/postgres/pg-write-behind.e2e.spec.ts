import { Pool } from 'pg';
import { RecordedEvent } from '@trial-ledger/event-store';
import { freshSchemaPerTest } from '../../../../test/support/pg-schemas';
import { StreamBuilder, registered } from '../../../ledger/src/testing/recorded-events';
import { PgTrialHistoryProjection, PgTrialViewProjection } from './pg-projections';
import { PgTrialReadModel } from './pg-trial-read-model';

const TRIALS = ['NCT00000102', 'NCT02985346', 'NCT04280705'];

/** Each trial registered, then its status moved back and forth: several revisions per trial. */
const log = (rounds: number): RecordedEvent[] => {
  const b = new StreamBuilder();
  const events = TRIALS.map((id) => b.record(registered(id)));
  for (let i = 0; i < rounds; i++) {
    const [from, to] = i % 2 === 0 ? (['NOT_YET_RECRUITING', 'RECRUITING'] as const) : (['RECRUITING', 'NOT_YET_RECRUITING'] as const);
    for (const nctId of TRIALS) events.push(b.record({ type: 'TrialStatusChanged', data: { nctId, from, to } }));
  }
  return events;
};

describe('a write-behind rebuilder of the PostgreSQL projections', () => {
  const schema = freshSchemaPerTest();

  it.each([
    ['trial-view', (pool: Pool) => new PgTrialViewProjection(pool)],
    ['trial-history', (pool: Pool) => new PgTrialHistoryProjection(pool)],
  ])('%s: a write fails, and writes nothing, when another instance moved the checkpoint meanwhile', async (name, make) => {
    const events = log(4);
    const projection = make(schema.pool());
    await projection.handle(events.slice(0, 3));
    const rebuilder = projection.rebuilder({ flushEvery: 1000 });
    await rebuilder.apply(events.slice(3, 9));
    // Another instance, as far as this one can tell: only the checkpoint row is the fence.
    await schema.pool().query('UPDATE projection_checkpoints SET position = 6 WHERE name = $1', [name]);
    await expect(rebuilder.finish()).rejects.toThrow('another instance moved the checkpoint');
    rebuilder.abandon();
    const readModel = new PgTrialReadModel(schema.pool(), [name]);
    expect(await readModel.position()).toBe(6);
    if (name === 'trial-view') expect((await readModel.getTrial(TRIALS[0]))?.position).toBe(1);
    else
      expect((await schema.pool().query('SELECT state FROM trial_history_state')).rows.map((r) => JSON.parse(r.state).status)).toEqual([
        'NOT_YET_RECRUITING',
        'NOT_YET_RECRUITING',
        'NOT_YET_RECRUITING',
      ]);
  });

  it('holds states between writes: the database sees a window only when it is written', async () => {
    const events = log(4);
    const view = new PgTrialViewProjection(schema.pool());
    const readModel = new PgTrialReadModel(schema.pool(), [view.name]);
    const rebuilder = view.rebuilder({ flushEvery: 6 });
    await rebuilder.apply(events.slice(0, 3));
    expect(await readModel.getTrial(TRIALS[0])).toBeNull();
    await rebuilder.apply(events.slice(3, 6));
    expect((await readModel.getTrial(TRIALS[2]))?.position).toBe(6);
    await rebuilder.apply(events.slice(6, 9));
    expect((await readModel.getTrial(TRIALS[2]))?.position).toBe(6);
    await rebuilder.finish();
    expect((await readModel.getTrial(TRIALS[2]))?.position).toBe(9);
    expect(await readModel.position()).toBe(9);
  });

  it('takes back, before it applies, the rows an interrupted rebuilder committed beyond its checkpoint', async () => {
    const events = log(4);
    const history = new PgTrialHistoryProjection(schema.pool());
    const crashed = history.rebuilder({ flushEvery: 6 });
    await crashed.apply(events.slice(0, 6));
    await crashed.apply(events.slice(6, 9));
    crashed.abandon();
    const rows = async () =>
      (await schema.pool().query('SELECT position FROM trial_history ORDER BY position')).rows.map((r) => Number(r.position));
    expect(await rows()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const again = history.rebuilder({ flushEvery: 6 });
    await again.apply(events);
    await again.finish();
    expect(await rows()).toEqual(events.map((e) => e.position));
    const readModel = new PgTrialReadModel(schema.pool(), [history.name]);
    for (const nctId of TRIALS) expect((await readModel.getHistoryRows(nctId)).map((e) => e.revision)).toEqual([1, 2, 3, 4, 5]);
  });
});
