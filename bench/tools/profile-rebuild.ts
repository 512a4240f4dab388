import { readdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import { EventStore, PostgresEventStore, SqliteEventStore } from '@trial-ledger/event-store';
import {
  PgTrialHistoryProjection,
  PgTrialViewProjection,
  ProjectionHandler,
  SqliteTrialHistoryProjection,
  SqliteTrialViewProjection,
  ensureReadModelSchema,
  openReadModelDb,
  rebuildReadModels,
} from '@trial-ledger/read-models';
import { postgresForTests } from '../../test/support/postgres';
import { allocationSampled, profiled, topShares } from '../support/v8-profiles';
import { loadLogIntoPostgres } from '../support/pg-trial-log';
import { commandOf, cpuSecondsOf } from '../support/proc-cpu';
import { sharedTrialLog } from '../support/trial-log';

/**
 * `node -r ./bench/support/register.js bench/tools/profile-rebuild.ts sqlite|postgres [trials] [--heap]`: one
 * rebuild of the rebuild suites' log (ten events per trial) under this process's CPU profiler; prints events/s,
 * this process's CPU time against the wall clock and, on PostgreSQL, the CPU time of the server's processes,
 * then the functions that took the most sampled time. With `--heap`, under the sampling heap profiler instead:
 * the bytes allocated per event and the functions that allocated most. Not a benchmark (no baseline, one
 * round, profiler on): it shows where the time of a figure in docs/benchmarks.md goes.
 */

/** CPU seconds so far of every process named `postgres` this user can read (the server and its backends). */
const postgresCpuSeconds = (): number => {
  let total = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (commandOf(pid) === 'postgres') total += cpuSecondsOf(pid);
    } catch {
      // The process ended while we read.
    }
  }
  return total;
};

const heap = process.argv.includes('--heap');

const report = async (label: string, store: EventStore, handlers: ProjectionHandler[]): Promise<void> => {
  if (heap) return reportAllocation(label, store, handlers);
  const [cpuBefore, serverBefore, started] = [process.cpuUsage(), postgresCpuSeconds(), performance.now()];
  const { result: events, profile } = await profiled(() => rebuildReadModels(store, handlers));
  const wall = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const server = postgresCpuSeconds() - serverBefore;
  console.log(
    `${label}: ${events.toLocaleString('en-US')} events in ${wall.toFixed(1)} s, ${Math.round(events / wall).toLocaleString('en-US')} events/s`,
  );
  console.log(
    `this process: ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s of CPU (${((100 * (cpu.user + cpu.system)) / 1e6 / wall).toFixed(0)}% of the wall clock)`,
  );
  if (server > 0)
    console.log(`postgres processes: ${server.toFixed(1)} s of CPU (${((100 * server) / wall).toFixed(0)}% of the wall clock)`);
  console.log(topShares(profile, 30).join('\n'));
};

const reportAllocation = async (label: string, store: EventStore, handlers: ProjectionHandler[]): Promise<void> => {
  const { result: events, bytes, top } = await allocationSampled(() => rebuildReadModels(store, handlers));
  console.log(
    `${label}: ${events.toLocaleString('en-US')} events, ${(bytes / 2 ** 20).toFixed(0)} MiB allocated (sampled), ` +
      `${(bytes / events / 1024).toFixed(1)} KiB per event`,
  );
  console.log(top(30).join('\n'));
};

const sqlite = async (trials: number): Promise<void> => {
  const store = SqliteEventStore.open(await sharedTrialLog({ trials }, console.log));
  const dir = mkdtempSync(join(tmpdir(), 'profile-rebuild-'));
  const db = openReadModelDb(join(dir, 'read-models.sqlite'));
  try {
    await report('sqlite', store, [new SqliteTrialViewProjection(db), new SqliteTrialHistoryProjection(db)]);
  } finally {
    db.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
};

const postgres = async (trials: number): Promise<void> => {
  const [log, models] = [await postgresForTests(), await postgresForTests()];
  await loadLogIntoPostgres(await sharedTrialLog({ trials }, console.log), log.url);
  const [store, pool] = [await PostgresEventStore.open(log.url), new Pool({ connectionString: models.url })];
  try {
    await ensureReadModelSchema(pool);
    await report('postgres', store, [new PgTrialViewProjection(pool), new PgTrialHistoryProjection(pool)]);
  } finally {
    await pool.end();
    await store.close();
    await models.dispose();
    await log.dispose();
  }
};

const main = async (): Promise<void> => {
  const engine = process.argv[2];
  if (engine !== 'sqlite' && engine !== 'postgres') throw new Error('usage: profile-rebuild.ts sqlite|postgres [trials] [--heap]');
  const count = process.argv.slice(3).find((arg) => /^\d+$/.test(arg));
  const trials = Number(count ?? (engine === 'sqlite' ? 100_000 : 30_000));
  await (engine === 'sqlite' ? sqlite(trials) : postgres(trials));
};

main().catch((error: Error) => {
  console.error(error.message);
  process.exitCode = 1;
});
