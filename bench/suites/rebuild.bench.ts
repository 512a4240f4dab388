import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { SqliteEventStore } from '@trial-ledger/event-store';
import {
  SqliteTrialHistoryProjection, SqliteTrialViewProjection, openReadModelDb, rebuildReadModels,
} from '@trial-ledger/trials';
import { BenchContext, BenchSuite, Figure } from '../support/figures';
import { bestOfAlternating, perSecond } from '../support/timing';
import { rawScan } from '../support/raw-scan';
import { sharedTrialLog } from '../support/trial-log';

/** The CLI's rebuild, as `rebuild` runs it: both projections into a fresh read-model file, default batch size. */
const rebuildInto = async (store: SqliteEventStore, file: string): Promise<number> => {
  rmSync(file, { force: true });
  const db = openReadModelDb(file);
  try {
    const started = performance.now();
    const count = await rebuildReadModels(store, [new SqliteTrialViewProjection(db), new SqliteTrialHistoryProjection(db)]);
    const ms = performance.now() - started;
    return count > 0 ? ms : NaN;
  } finally {
    db.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
  }
};

const scanMs = (file: string, expected: number): number => {
  const started = performance.now();
  const { events } = rawScan(file);
  if (events !== expected) throw new Error(`The scan read ${events} events, the log has ${expected}`);
  return performance.now() - started;
};

const sqliteRebuild = async (ctx: BenchContext): Promise<Figure> => {
  const trials = ctx.quick ? 10_000 : 100_000;
  const logFile = await sharedTrialLog({ trials }, ctx.log);
  const events = trials * 10;
  const store = SqliteEventStore.open(logFile);
  try {
    // The scan puts the log in the page cache for both sides; a rebuild of a million events warms its own JIT.
    ctx.log(ctx.quick ? 'warm-up: one scan and one rebuild' : 'warm-up: one scan');
    scanMs(logFile, events);
    if (ctx.quick) await rebuildInto(store, join(ctx.workDir, 'warm-up.sqlite'));
    const rounds = ctx.quick ? 2 : 2;
    const best = await bestOfAlternating(rounds, () => rebuildInto(store, join(ctx.workDir, 'read-models.sqlite')), async () => scanMs(logFile, events));
    return {
      suite: 'rebuild', name: `rebuild ${events.toLocaleString('en-US')} events → SQLite read models (view + history)`, unit: 'events/s', higherIsBetter: true,
      ours: perSecond(events, best.ours),
      baseline: { label: 'raw scan + JSON.parse, better-sqlite3', value: perSecond(events, best.baseline) },
      target: { minRatio: 0.5, minValue: 100_000 },
      notes: `${trials.toLocaleString('en-US')} trials; best of ${rounds} alternating rounds after a warm-up; ours ${(best.ours / 1000).toFixed(1)} s, scan ${(best.baseline / 1000).toFixed(1)} s`,
    };
  } finally {
    await store.close();
  }
};

const suite: BenchSuite = {
  name: 'rebuild',
  order: 50,
  async run(ctx) {
    return [await sqliteRebuild(ctx)];
  },
};

export default suite;
