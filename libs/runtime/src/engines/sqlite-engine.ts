import { join } from 'node:path';
import { SqliteEventStore } from '@trial-ledger/event-store';
import { RelayCheckpoint, RelayCheckpointFactory, SqliteRelayCheckpoint } from '@trial-ledger/relay';
import {
  SqliteTrialComplianceReadModel,
  SqliteTrialReadModel,
  ThreadedProjectionRunner,
  openSqliteProjections,
} from '@trial-ledger/read-models';
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

/**
 * Read models in DATA_DIR/read-models.sqlite: one process owns the files, so it always leads. Live, the
 * projections run in a thread of their own (ThreadedProjectionRunner).
 */
export const openSqliteReadSide = async (dataDir: string): Promise<ReadSide> => {
  const file = join(dataDir, 'read-models.sqlite');
  const { db, handlers, close } = openSqliteProjections(file);
  return {
    handlers,
    liveProjections: (store, options) => new ThreadedProjectionRunner(store, file, options),
    readModel: new SqliteTrialReadModel(
      db,
      handlers.map((h) => h.name),
    ),
    complianceReadModel: new SqliteTrialComplianceReadModel(db),
    relayCheckpoints: new SqliteRelayCheckpoints(dataDir),
    leadership: new SingleProcessLeadership(),
    close: async () => close(),
  };
};
