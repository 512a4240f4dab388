import { performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import { PostgresEventStore } from '@trial-ledger/event-store';
import { PgTrialHistoryProjection, PgTrialViewProjection, ensureReadModelSchema, rebuildReadModels } from '@trial-ledger/read-models';
import { postgresForTests } from '../../test/support/postgres';
import { BenchContext, BenchSuite, Figure } from '../support/figures';
import { loadLogIntoPostgres, rawPgScan } from '../support/pg-trial-log';
import { bestOfAlternating, perSecond } from '../support/timing';
import { sharedTrialLog } from '../support/trial-log';

/** What a correct rebuild of the log must leave: one view per trial stream, one history row per trial event. */
interface Expected {
  events: number;
  trials: number;
  trialEvents: number;
}

const expectedOf = async (logUrl: string): Promise<Expected> => {
  const pool = new Pool({ connectionString: logUrl, max: 1 });
  try {
    const { rows } = await pool.query<{ events: string; trials: string; trial_events: string }>(
      `SELECT count(*) AS events, count(DISTINCT stream_id) FILTER (WHERE stream_id LIKE 'trial-%') AS trials,
         count(*) FILTER (WHERE stream_id LIKE 'trial-%') AS trial_events FROM event_store.events`,
    );
    return { events: Number(rows[0].events), trials: Number(rows[0].trials), trialEvents: Number(rows[0].trial_events) };
  } finally {
    await pool.end();
  }
};

const checkRebuilt = async (pool: Pool, replayed: number, expected: Expected): Promise<void> => {
  const { rows } = await pool.query<{ views: string; history: string }>(
    'SELECT (SELECT count(*) FROM trial_view) AS views, (SELECT count(*) FROM trial_history) AS history',
  );
  const [views, history] = [Number(rows[0].views), Number(rows[0].history)];
  if (replayed !== expected.events || views !== expected.trials || history !== expected.trialEvents) {
    throw new Error(
      `The rebuild replayed ${replayed} events into ${views} views and ${history} history rows; ` +
        `the log has ${expected.events} events, ${expected.trials} trials, ${expected.trialEvents} trial events`,
    );
  }
};

/** The CLI's rebuild on PostgreSQL: both projections into a fresh read-model database, default batch size. */
const rebuildInto = async (store: PostgresEventStore, expected: Expected): Promise<number> => {
  const database = await postgresForTests();
  const pool = new Pool({ connectionString: database.url });
  pool.on('error', () => undefined);
  try {
    await ensureReadModelSchema(pool);
    const started = performance.now();
    const replayed = await rebuildReadModels(store, [new PgTrialViewProjection(pool), new PgTrialHistoryProjection(pool)]);
    const ms = performance.now() - started;
    await checkRebuilt(pool, replayed, expected);
    return ms;
  } finally {
    await pool.end();
    await database.dispose();
  }
};

const scanMs = async (logUrl: string, expected: number): Promise<number> => {
  const started = performance.now();
  const { events } = await rawPgScan(logUrl);
  if (events !== expected) throw new Error(`The scan read ${events} events, the log has ${expected}`);
  return performance.now() - started;
};

const measure = async (ctx: BenchContext, logUrl: string, trials: number, loadMs: number): Promise<Figure> => {
  const expected = await expectedOf(logUrl);
  const store = await PostgresEventStore.open(logUrl);
  try {
    // One scan puts the table in shared buffers / the page cache for both sides.
    ctx.log('warm-up: one scan');
    await scanMs(logUrl, expected.events);
    const rounds = 2;
    const best = await bestOfAlternating(
      rounds,
      () => rebuildInto(store, expected),
      () => scanMs(logUrl, expected.events),
    );
    return {
      suite: 'rebuild-postgres',
      name: `rebuild ${expected.events.toLocaleString('en-US')} events → PostgreSQL read models (view + history)`,
      unit: 'events/s',
      higherIsBetter: true,
      ours: perSecond(expected.events, best.ours),
      baseline: { label: 'one streamed SELECT of the log + JSON parse, pg', value: perSecond(expected.events, best.baseline) },
      target: { minRatio: 0.5, minValue: 100_000 },
      notes:
        `${trials.toLocaleString('en-US')} trials (rebuild's generator${ctx.quick ? '' : ', a smaller log: a million events would take minutes a round'}); best of ${rounds} alternating rounds after a warm-up scan; ` +
        `ours ${(best.ours / 1000).toFixed(1)} s, scan ${(best.baseline / 1000).toFixed(1)} s; log loaded in ${(loadMs / 1000).toFixed(1)} s (untimed)`,
    };
  } finally {
    await store.close();
  }
};

const suite: BenchSuite = {
  name: 'rebuild-postgres',
  // Right after rebuild's SQLite figure: the same rebuild on the other engine.
  order: 55,
  async run(ctx) {
    // Not rebuild's 100,000 trials in full mode: at the ~5,000 events/s measured, two rounds of a million events
    // would take some seven minutes (one round took 184 s). The same generator's log at 30% keeps it under four.
    const trials = ctx.quick ? 10_000 : 30_000;
    const logFile = await sharedTrialLog({ trials }, ctx.log);
    const log = await postgresForTests();
    try {
      const started = performance.now();
      const loaded = await loadLogIntoPostgres(logFile, log.url);
      const loadMs = performance.now() - started;
      ctx.log(`copied ${loaded.toLocaleString('en-US')} events into PostgreSQL in ${(loadMs / 1000).toFixed(1)} s`);
      return [await measure(ctx, log.url, trials, loadMs)];
    } finally {
      await log.dispose();
    }
  },
};

export default suite;
