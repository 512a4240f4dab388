import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { BenchContext, BenchSuite, Figure } from '../support/figures';
import { onTwoDatabases, ourPgSide, rawPgSide } from '../support/pg-sides';
import { ourSqliteSide, rawSqliteSide } from '../support/sqlite-sides';
import { Comparison, compareAppends, compareReads } from '../support/store-figures';
import { AppendShape, StoreSide } from '../support/store-workload';

const TARGET = { minRatio: 0.7 };

/** The workload every store comparison runs; `scale` shrinks it (--quick, or a slow peer). */
export const appendShapes = (scale: number, writers: number): AppendShape[] => {
  const n = (count: number) => Math.max(5, Math.round(count * scale));
  return [
    { writers: 1, appendsPerWriter: n(1000), eventsPerAppend: 1 },
    { writers: 1, appendsPerWriter: n(300), eventsPerAppend: 10 },
    { writers, appendsPerWriter: n(150), eventsPerAppend: 1 },
    { writers, appendsPerWriter: n(40), eventsPerAppend: 10 },
  ];
};

export const readShape = (scale: number) => ({ streams: Math.max(10, Math.round(200 * scale)), length: 100, readers: [1, 8] });

/** Every append and read shape, ours against one baseline; both sides are closed afterwards. */
export const compareAll = async (c: Comparison, ctx: BenchContext, writers: number, scale: number): Promise<Figure[]> => {
  const figures: Figure[] = [];
  try {
    for (const shape of appendShapes(scale, writers)) {
      figures.push(await compareAppends(c, shape));
      ctx.log(`${figures[figures.length - 1].name} done`);
    }
    figures.push(...(await compareReads(c, readShape(scale))));
  } finally {
    await Promise.all([c.ours.close(), c.baseline.close()]);
  }
  return figures;
};

const sqlite = async (ctx: BenchContext): Promise<Figure[]> => {
  const dir = join(ctx.workDir, 'sqlite');
  mkdirSync(dir, { recursive: true });
  const [ours, baseline] = [ourSqliteSide(dir), await rawSqliteSide(dir)];
  const notes = 'WAL, synchronous=FULL on both sides';
  const c = { suite: 'event-store', engine: 'SQLite', ours, baseline, rounds: ctx.quick ? 2 : 5, target: TARGET };
  return (await compareAll(c, ctx, 16, ctx.quick ? 0.2 : 1)).map((f) => ({ ...f, notes: `${f.notes}; ${notes}` }));
};

const postgres = (ctx: BenchContext): Promise<Figure[]> =>
  onTwoDatabases(async (oursUrl, rawUrl) => {
    const [ours, baseline]: StoreSide[] = [await ourPgSide(oursUrl), await rawPgSide(rawUrl)];
    const c = { suite: 'event-store', engine: 'PostgreSQL', ours, baseline, rounds: ctx.quick ? 2 : 4, target: TARGET };
    const notes = 'a database each on one server (DATABASE_URL, else a throwaway one: fsync=off for both), pool of 10 each';
    return (await compareAll(c, ctx, 8, ctx.quick ? 0.2 : 1)).map((f) => ({ ...f, notes: `${f.notes}; ${notes}` }));
  });

const suite: BenchSuite = {
  name: 'event-store',
  order: 10,
  run: async (ctx) => [...(await sqlite(ctx)), ...(await postgres(ctx))],
};

export default suite;
