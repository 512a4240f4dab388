import { Pool } from 'pg';
import { PostgresEventStore } from '@trial-ledger/event-store';
import { PgTrialHistoryProjection, PgTrialReadModel, PgTrialViewProjection, ensureReadModelSchema } from '@trial-ledger/read-models';
import { postgresForTests } from '../../support/postgres';
import { Acknowledged } from './mixed-commands';
import { LogAudit, auditLog } from './log-audit';
import { ReadModelComparison, compareWithRebuild } from './read-model-compare';

const pgReadSide = async (url: string) => {
  const pool = new Pool({ connectionString: url });
  // A session that outlives end() may still be told the database is being dropped; that is no failure here.
  pool.on('error', () => undefined);
  await ensureReadModelSchema(pool);
  const handlers = [new PgTrialViewProjection(pool), new PgTrialHistoryProjection(pool)];
  return {
    pool,
    handlers,
    readModel: new PgTrialReadModel(
      pool,
      handlers.map((h) => h.name),
    ),
  };
};

/**
 * Audits the log in the database of a stopped service against what its clients were told, and compares its
 * read models with a rebuild of that log into a fresh database of its own.
 */
export const inspectDatabase = async (
  url: string,
  acknowledged: Acknowledged[],
): Promise<{ audit: LogAudit; comparison: ReadModelComparison }> => {
  const store = await PostgresEventStore.open(url);
  const live = await pgReadSide(url);
  const rebuilt = await postgresForTests();
  const fresh = await pgReadSide(rebuilt.url);
  try {
    const audit = await auditLog(store, acknowledged);
    return { audit, comparison: await compareWithRebuild(store, live.readModel, fresh, audit.trials) };
  } finally {
    await store.close();
    await live.pool.end();
    await fresh.pool.end();
    await rebuilt.dispose();
  }
};
