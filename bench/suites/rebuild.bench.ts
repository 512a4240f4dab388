import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { SqliteEventStore } from '@trial-ledger/event-store';
import { SqliteTrialHistoryProjection, SqliteTrialViewProjection, openReadModelDb, rebuildReadModels } from '@trial-ledger/read-models';
import { BenchContext, BenchSuite, Figure } from '../support/figures';
import { bestOfAlternating, perSecond } from '../support/timing';
import { rawScan } from '../support/raw-scan';
import { historyWriteMs } from '../support/history-write-floor';
import { sharedTrialLog } from '../support/trial-log';

const removeDb = (file: string) => {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
};

/**
 * The CLI's rebuild, as `rebuild` runs it: both projections into a fresh read-model file, default batch size.
 * The file is left for the write floor below; the next round starts from a fresh one.
 */
const rebuildInto = async (store: SqliteEventStore, file: string): Promise<number> => {
  removeDb(file);
  const db = openReadModelDb(file);
  try {
    const started = performance.now();
    const count = await rebuildReadModels(store, [new SqliteTrialViewProjection(db), new SqliteTrialHistoryProjection(db)]);
    const ms = performance.now() - started;
    return count > 0 ? ms : NaN;
  } finally {
    db.close();
  }
};

/** The scan plus writing the very history rows the rebuild wrote: what no rebuild of this schema can beat. */
const floorFigure = (events: number, scanMs: number, oursMs: number, rebuilt: string, fresh: string): Figure => {
  const write = historyWriteMs(rebuilt, fresh);
  if (write.rows !== events) throw new Error(`The rebuild wrote ${write.rows} history rows for ${events} events`);
  return {
    suite: 'rebuild',
    name: 'rebuild vs its floor: raw scan + raw insert of the same history rows',
    unit: 'events/s',
    higherIsBetter: true,
    ours: perSecond(events, oursMs),
    baseline: { label: 'scan + raw insert of the rebuilt history rows', value: perSecond(events, scanMs + write.ms) },
    notes:
      `history rows alone: ${Math.round(perSecond(events, write.ms)).toLocaleString('en-US')} rows/s (${(write.ms / 1000).toFixed(1)} s), ` +
      `${Math.round(write.meanRowBytes)} bytes of changes per row on average; one round`,
  };
};

const scanMs = (file: string, expected: number): number => {
  const started = performance.now();
  const { events } = rawScan(file);
  if (events !== expected) throw new Error(`The scan read ${events} events, the log has ${expected}`);
  return performance.now() - started;
};

const sqliteRebuild = async (ctx: BenchContext): Promise<Figure[]> => {
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
    const rebuilt = join(ctx.workDir, 'read-models.sqlite');
    const best = await bestOfAlternating(
      rounds,
      () => rebuildInto(store, rebuilt),
      async () => scanMs(logFile, events),
    );
    const floor = floorFigure(events, best.baseline, best.ours, rebuilt, join(ctx.workDir, 'history-floor.sqlite'));
    removeDb(rebuilt);
    return [
      {
        suite: 'rebuild',
        name: `rebuild ${events.toLocaleString('en-US')} events → SQLite read models (view + history)`,
        unit: 'events/s',
        higherIsBetter: true,
        ours: perSecond(events, best.ours),
        baseline: { label: 'raw scan + JSON.parse, better-sqlite3', value: perSecond(events, best.baseline) },
        target: { minRatio: 0.5, minValue: 100_000 },
        notes: `${trials.toLocaleString('en-US')} trials; best of ${rounds} alternating rounds after a warm-up; ours ${(best.ours / 1000).toFixed(1)} s, scan ${(best.baseline / 1000).toFixed(1)} s`,
      },
      floor,
    ];
  } finally {
    await store.close();
  }
};

const suite: BenchSuite = {
  name: 'rebuild',
  order: 50,
  async run(ctx) {
    return sqliteRebuild(ctx);
  },
};

export default suite;
