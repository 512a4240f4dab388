import { Pool, PoolClient } from 'pg';
import { RecordedEvent } from '@trial-ledger/event-store';
import { freshSchemaPerTest } from '../../../../test/support/pg-schemas';
import { StreamBuilder, registered } from '../../../ledger/src/testing/recorded-events';
import { PgTrialHistoryProjection, PgTrialViewProjection } from './pg-projections';
import { PgTrialReadModel } from './pg-trial-read-model';
import { TrialEventOf } from './pg-projection';
import { ensureReadModelSchema } from './pg-read-model-schema';

const TRIALS = ['NCT00000102', 'NCT02985346', 'NCT04280705'];

/** Each trial registered, then moved between two statuses: many revisions, interleaved across trials. */
const log = (rounds: number): RecordedEvent[] => {
  const b = new StreamBuilder();
  const events = TRIALS.map((id) => b.record(registered(id)));
  for (let i = 0; i < rounds; i++) {
    const [from, to] = i % 2 === 0 ? (['NOT_YET_RECRUITING', 'RECRUITING'] as const) : (['RECRUITING', 'NOT_YET_RECRUITING'] as const);
    for (const nctId of TRIALS) events.push(b.record({ type: 'TrialStatusChanged', data: { nctId, from, to } }));
  }
  return events;
};

const batchesOf = (events: RecordedEvent[], size: number): RecordedEvent[][] =>
  Array.from({ length: Math.ceil(events.length / size) }, (_, i) => events.slice(i * size, (i + 1) * size));

/** One process's projections, with a count of the batches it actually applied (won the checkpoint for). */
const instance = (pool: Pool) => {
  let applied = 0;
  let gate: Promise<void> = Promise.resolve();
  class Counted extends PgTrialHistoryProjection {
    protected override async apply(client: PoolClient, events: TrialEventOf[]): Promise<void> {
      applied += 1;
      await gate;
      await super.apply(client, events);
    }
  }
  return {
    handlers: [new PgTrialViewProjection(pool), new Counted(pool)],
    applied: () => applied,
    /** Holds every batch it won open mid-transaction until `release` is called: a slow, stale leader. */
    stall: (): (() => void) => {
      let release = (): void => undefined;
      gate = new Promise((resolve) => (release = resolve));
      return release;
    },
  };
};

describe('PostgreSQL projections on a shared database', () => {
  const schema = freshSchemaPerTest();

  const expectAppliedOnce = async (pool: Pool, events: RecordedEvent[]): Promise<void> => {
    const readModel = new PgTrialReadModel(pool, ['trial-view', 'trial-history']);
    const perTrial = events.length / TRIALS.length;
    for (const nctId of TRIALS) {
      const history = await readModel.getHistoryRows(nctId);
      expect(history.map((e) => e.revision)).toEqual(Array.from({ length: perTrial }, (_, i) => i + 1));
      expect(await readModel.getTrial(nctId)).toMatchObject({
        revision: perTrial,
        position: events.length - TRIALS.length + TRIALS.indexOf(nctId) + 1,
      });
    }
    expect(await readModel.position()).toBe(events.length);
  };

  it.each([1, 2, 5, 7])('two instances handling the same batches (size %i) at once apply each event exactly once', async (size) => {
    const events = log(20);
    const [a, b] = [instance(schema.pool()), instance(schema.pool())];
    const run = async (handlers: typeof a.handlers): Promise<void> => {
      for (const batch of batchesOf(events, size)) await Promise.all(handlers.map((h) => h.handle(batch)));
    };
    await Promise.all([run(a.handlers), run(b.handlers)]);
    await expectAppliedOnce(schema.pool(), events);
  });

  it.each([
    ['the first batch (no checkpoint yet)', 0],
    ['a later batch', 6],
  ])('a stale leader still finishing %s fences out the new one, which then applies nothing', async (_, head) => {
    const events = log(3);
    const [stale, fresh] = [instance(schema.pool()), instance(schema.pool())];
    for (const h of stale.handlers) await h.handle(events.slice(0, head));
    const release = stale.stall();
    const slow = stale.handlers[1].handle(events);
    await waitFor(async () => stale.applied() === (head ? 2 : 1));
    const observer = schema.pool();
    const racing = fresh.handlers[1].handle(events);
    // Released only once the new leader waits on the checkpoint row the stale one holds: the race has happened.
    await waitFor(() => waitingOnALock(observer));
    release();
    await Promise.all([slow, racing]);
    expect(fresh.applied()).toBe(0);
    await stale.handlers[0].handle(events);
    await expectAppliedOnce(schema.pool(), events);
  });

  it('creates the schema once when several processes start at the same moment', async () => {
    const pools = Array.from({ length: 8 }, () => schema.pool());
    // Connected first, so that the eight starts reach the server together, not one connection set-up apart.
    await Promise.all(pools.map((pool) => pool.query('SELECT 1')));
    const starts = await Promise.allSettled(pools.map((pool) => ensureReadModelSchema(pool)));
    expect(starts.filter((start) => start.status === 'rejected')).toEqual([]);
    const positions = await Promise.all(pools.map((pool) => new PgTrialReadModel(pool, ['trial-view']).position()));
    expect(positions).toEqual(pools.map(() => 0));
  });
});

const waitFor = async (check: () => Promise<boolean>, timeoutMs = 5000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('Timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

/** Whether a session of this test's database waits for a lock another session holds. */
const waitingOnALock = async (pool: Pool): Promise<boolean> => {
  const { rows } = await pool.query("SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'");
  return rows.length > 0;
};
