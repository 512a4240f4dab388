import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { emmettPgSide, emmettSqliteSide } from '../support/emmett-sides';
import { BenchContext, BenchSuite, Figure } from '../support/figures';
import { onTwoDatabases, ourPgSide } from '../support/pg-sides';
import { ourSqliteSide } from '../support/sqlite-sides';
import { compareAll } from './event-store.bench';

/** Ahead of the peer: at least its throughput. */
// Emmett's SQLite store takes ~10 ms an operation here (a connection opened per call), so its workload is cut
// down to keep the suite within minutes; both sides always run the same workload.
const TARGET = { minRatio: 1 };

const sqlite = async (ctx: BenchContext): Promise<Figure[]> => {
  const dir = join(ctx.workDir, 'sqlite');
  mkdirSync(dir, { recursive: true });
  const baseline = emmettSqliteSide(dir);
  const c = { suite: 'emmett', engine: 'SQLite', ours: ourSqliteSide(dir), baseline, rounds: ctx.quick ? 2 : 3, target: TARGET };
  const figures = await compareAll(c, ctx, 16, ctx.quick ? 0.04 : 0.15);
  const notes =
    "WAL, synchronous=FULL on both sides; Emmett's calls queued one at a time (it fails on concurrent calls); " +
    `Emmett appends retried after SQLITE_BUSY in this suite: ${baseline.retries()}`;
  return figures.map((f) => ({ ...f, notes: `${f.notes}; ${notes}` }));
};

const postgres = (ctx: BenchContext): Promise<Figure[]> =>
  onTwoDatabases(async (oursUrl, peerUrl) => {
    const c = {
      suite: 'emmett',
      engine: 'PostgreSQL',
      ours: await ourPgSide(oursUrl),
      baseline: emmettPgSide(peerUrl),
      rounds: ctx.quick ? 2 : 3,
      target: TARGET,
    };
    const notes =
      'a database each on one server (DATABASE_URL, else a throwaway one: fsync=off for both); ours: pool of 10, Emmett: its default pool';
    return (await compareAll(c, ctx, 8, ctx.quick ? 0.1 : 0.4)).map((f) => ({ ...f, notes: `${f.notes}; ${notes}` }));
  });

const suite: BenchSuite = {
  name: 'emmett',
  order: 20,
  run: async (ctx) => [...(await sqlite(ctx)), ...(await postgres(ctx))],
};

export default suite;
