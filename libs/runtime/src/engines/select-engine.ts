import { EventStore, KurrentDbEventStore, PostgresEventStore } from '@trial-ledger/event-store';
import { StorageConfig } from '@trial-ledger/platform';
import { ReadSide } from './engine';
import { openPostgresReadSide } from './postgres-engine';
import { openSqliteEventStore, openSqliteReadSide } from './sqlite-engine';

interface EngineOptions {
  storage: StorageConfig;
  dataDir: string;
  /** The PostgreSQL leader lease; the embedded engine has one process and no lease. */
  leaderLeaseSeconds?: number;
}

// Configuration validation already insists on these; this guards a caller that built StorageConfig by hand.
const required = (value: string | undefined, name: string): string => {
  if (!value) throw new Error(`${name} is required for this engine`);
  return value;
};

const unreachable = (value: never): never => {
  throw new Error(`Unknown engine ${String(value)}`);
};

export const openEventStore = async ({ storage, dataDir }: EngineOptions): Promise<EventStore> => {
  switch (storage.eventStore) {
    case 'sqlite':
      return openSqliteEventStore(dataDir);
    case 'postgres':
      return PostgresEventStore.open(required(storage.databaseUrl, 'DATABASE_URL'), { migrationUrl: storage.databaseMigrationUrl });
    case 'kurrentdb':
      return KurrentDbEventStore.connect(required(storage.kurrentdbConnectionString, 'KURRENTDB_CONNECTION_STRING'));
    default:
      return unreachable(storage.eventStore);
  }
};

export const openReadSide = async ({ storage, dataDir, leaderLeaseSeconds }: EngineOptions): Promise<ReadSide> => {
  switch (storage.readModelStore) {
    case 'sqlite':
      return openSqliteReadSide(dataDir);
    case 'postgres':
      return openPostgresReadSide(required(storage.databaseUrl, 'DATABASE_URL'), leaderLeaseSeconds);
    default:
      return unreachable(storage.readModelStore);
  }
};
