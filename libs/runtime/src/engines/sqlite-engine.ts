import Database from 'better-sqlite3';
import { join } from 'node:path';
import { SqliteEventStore } from '@trial-ledger/event-store';
import { RelayCheckpoint, RelayCheckpointFactory, SqliteRelayCheckpoint } from '@trial-ledger/relay';
import {
  ProjectionHandler, SqliteTrialHistoryProjection, SqliteTrialReadModel, SqliteTrialViewProjection, openReadModelDb,
} from '@trial-ledger/trials';
import { SingleProcessLeadership } from '../leadership/leadership';
import { ThreadedProjectionRunner } from '../projections/threaded-projection-runner';
import { ReadSide } from './engine';

export const openSqliteEventStore = async (dataDir: string): Promise<SqliteEventStore> =>
  SqliteEventStore.open(join(dataDir, 'events.sqlite'));

class SqliteRelayCheckpoints extends RelayCheckpointFactory {
  constructor(private readonly dataDir: string) {
    super();
  }

  open(name: string): RelayCheckpoint {
    return SqliteRelayCheckpoint.open(join(this.dataDir, 'relay.sqlite'), name);
  }
}

/** The projections of DATA_DIR/read-models.sqlite on a connection of their own. */
export const openSqliteProjections = (dataDir: string): { db: Database.Database; handlers: ProjectionHandler[]; close(): void } => {
  const db = openReadModelDb(join(dataDir, 'read-models.sqlite'));
  return { db, handlers: [new SqliteTrialViewProjection(db), new SqliteTrialHistoryProjection(db)], close: () => db.close() };
};

/**
 * Read models in DATA_DIR/read-models.sqlite: one process owns the files, so it always leads. Live, the
 * projections run in a thread of their own (ThreadedProjectionRunner).
 */
export const openSqliteReadSide = async (dataDir: string): Promise<ReadSide> => {
  const { db, handlers, close } = openSqliteProjections(dataDir);
  return {
    handlers,
    liveProjections: (store) => new ThreadedProjectionRunner(store, dataDir),
    readModel: new SqliteTrialReadModel(db, handlers.map((h) => h.name)),
    relayCheckpoints: new SqliteRelayCheckpoints(dataDir),
    leadership: new SingleProcessLeadership(),
    close: async () => close(),
  };
};
