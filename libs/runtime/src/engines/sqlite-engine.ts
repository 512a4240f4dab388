import { join } from 'node:path';
import { SqliteEventStore } from '@trial-ledger/event-store';
import { RelayCheckpoint, RelayCheckpointFactory, SqliteRelayCheckpoint } from '@trial-ledger/relay';
import { SqliteTrialHistoryProjection, SqliteTrialReadModel, SqliteTrialViewProjection, openReadModelDb } from '@trial-ledger/trials';
import { SingleProcessLeadership } from '../leadership/leadership';
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

/** Read models in DATA_DIR/read-models.sqlite: one process owns the files, so it always leads. */
export const openSqliteReadSide = async (dataDir: string): Promise<ReadSide> => {
  const db = openReadModelDb(join(dataDir, 'read-models.sqlite'));
  const handlers = [new SqliteTrialViewProjection(db), new SqliteTrialHistoryProjection(db)];
  return {
    handlers,
    readModel: new SqliteTrialReadModel(db, handlers.map((h) => h.name)),
    relayCheckpoints: new SqliteRelayCheckpoints(dataDir),
    leadership: new SingleProcessLeadership(),
    close: async () => {
      db.close();
    },
  };
};
