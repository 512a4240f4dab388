import { join } from 'node:path';
import { SqliteEventStore } from '@trial-ledger/event-store';
import { SqliteTrialHistoryProjection, SqliteTrialReadModel, SqliteTrialViewProjection, openReadModelDb } from '@trial-ledger/read-models';
import { Acknowledged } from './mixed-commands';
import { LogAudit, auditLog } from './log-audit';
import { ReadModelComparison, compareWithRebuild } from './read-model-compare';

const sqliteReadSide = (file: string) => {
  const db = openReadModelDb(file);
  const handlers = [new SqliteTrialViewProjection(db), new SqliteTrialHistoryProjection(db)];
  return {
    db,
    handlers,
    readModel: new SqliteTrialReadModel(
      db,
      handlers.map((h) => h.name),
    ),
  };
};

/**
 * Audits the log of a stopped service's DATA_DIR against what its clients were told, and compares its read
 * models with a rebuild of that log into a fresh database beside them.
 */
export const inspectDataDir = async (
  dataDir: string,
  acknowledged: Acknowledged[],
): Promise<{ audit: LogAudit; comparison: ReadModelComparison }> => {
  const store = SqliteEventStore.open(join(dataDir, 'events.sqlite'));
  const live = sqliteReadSide(join(dataDir, 'read-models.sqlite'));
  const fresh = sqliteReadSide(join(dataDir, 'rebuilt-read-models.sqlite'));
  try {
    const audit = await auditLog(store, acknowledged);
    return { audit, comparison: await compareWithRebuild(store, live.readModel, fresh, audit.trials) };
  } finally {
    await store.close();
    live.db.close();
    fresh.db.close();
  }
};
