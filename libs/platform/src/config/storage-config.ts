import { CheckpointConfig, loadCheckpointConfig } from './checkpoint-config';
import { Env, boolean, oneOf } from './env-readers';

export * from './checkpoint-config';

export const EVENT_STORES = ['sqlite', 'postgres', 'kurrentdb'] as const;
export const READ_MODEL_STORES = ['sqlite', 'postgres'] as const;

export interface StorageConfig {
  eventStore: (typeof EVENT_STORES)[number];
  readModelStore: (typeof READ_MODEL_STORES)[number];
  /** Required when either store is postgres. */
  databaseUrl?: string;
  /**
   * The role that owns the PostgreSQL log and runs its migrations; DATABASE_URL's role then may only read and
   * append to it. Absent: DATABASE_URL's role owns the log (and could drop its append-only triggers).
   */
  databaseMigrationUrl?: string;
  /** Absent (a caller that built this by hand): the defaults, a key in DATA_DIR and no interval. */
  checkpoints?: CheckpointConfig;
  /** Required when the event store is kurrentdb. */
  kurrentdbConnectionString?: string;
  /**
   * Whether this process takes part in running the projections and the Kafka relay. Only one process
   * runs them at a time (a leader lease); the others stand by and take over when its lease runs out.
   */
  runWorker: boolean;
}

const POSTGRES_URL = /^postgres(ql)?:\/\/\S+$/;
const KURRENTDB_URL = /^(kurrentdb|kdb|esdb|kurrent)(\+discover)?:\/\/\S+$/;

const checked = (env: Env, name: string, pattern: RegExp, what: string, needed: boolean, problems: string[]): string | undefined => {
  const raw = env[name];
  if (raw === undefined || raw === '') {
    if (needed) problems.push(`${name} is required ${what}`);
    return undefined;
  }
  if (!pattern.test(raw)) problems.push(`${name} is not a valid connection string (${pattern.source})`);
  return raw;
};

export const loadStorageConfig = (env: Env, problems: string[], cwd = process.cwd()): StorageConfig => {
  const eventStore = oneOf(env, 'EVENT_STORE', EVENT_STORES, problems) ?? 'sqlite';
  const readModelStore = oneOf(env, 'READ_MODEL_STORE', READ_MODEL_STORES, problems) ?? 'sqlite';
  const needsPostgres = eventStore === 'postgres' || readModelStore === 'postgres';
  const databaseUrl = checked(
    env,
    'DATABASE_URL',
    POSTGRES_URL,
    'when EVENT_STORE or READ_MODEL_STORE is postgres',
    needsPostgres,
    problems,
  );
  const migrationUrl = checked(env, 'DATABASE_MIGRATION_URL', POSTGRES_URL, '', false, problems);
  if (migrationUrl && eventStore !== 'postgres') problems.push('DATABASE_MIGRATION_URL is only for EVENT_STORE=postgres');
  const kurrentdb = checked(
    env,
    'KURRENTDB_CONNECTION_STRING',
    KURRENTDB_URL,
    'when EVENT_STORE is kurrentdb',
    eventStore === 'kurrentdb',
    problems,
  );
  return {
    eventStore,
    readModelStore,
    ...(databaseUrl ? { databaseUrl } : {}),
    ...(kurrentdb ? { kurrentdbConnectionString: kurrentdb } : {}),
    ...(migrationUrl ? { databaseMigrationUrl: migrationUrl } : {}),
    checkpoints: loadCheckpointConfig(env, cwd, problems),
    runWorker: boolean(env, 'RUN_WORKER', true, problems),
  };
};
