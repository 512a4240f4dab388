import { loadStorageConfig } from './storage-config';

const load = (env: Record<string, string>) => {
  const problems: string[] = [];
  return { config: loadStorageConfig(env, problems, '/srv'), problems };
};

describe('storage config: the log owner and the checkpoints', () => {
  it('given nothing set, then checkpoints every 300 s with the key in DATA_DIR, and no migration role', () => {
    expect(load({})).toEqual({
      config: { eventStore: 'sqlite', readModelStore: 'sqlite', runWorker: true, checkpoints: { intervalSeconds: 300 } },
      problems: [],
    });
  });

  it('given key files, relative or absolute, and an interval, then they are read against the working folder', () => {
    const env = {
      CHECKPOINT_KEY_FILE: 'keys/signing.pem',
      CHECKPOINT_PUBLIC_KEY_FILE: '/etc/ledger/pub.pem',
      CHECKPOINT_INTERVAL_SECONDS: '0',
    };
    expect(load(env).config.checkpoints).toEqual({
      keyFile: '/srv/keys/signing.pem',
      publicKeyFile: '/etc/ledger/pub.pem',
      intervalSeconds: 0,
    });
  });

  it('given a migration URL with the PostgreSQL log, then it is kept; with SQLite, or malformed, then it is refused', () => {
    const pg = { EVENT_STORE: 'postgres', DATABASE_URL: 'postgres://svc@db/ledger' };
    expect(load({ ...pg, DATABASE_MIGRATION_URL: 'postgres://owner@db/ledger' })).toMatchObject({
      config: { databaseMigrationUrl: 'postgres://owner@db/ledger' },
      problems: [],
    });
    expect(load({ DATABASE_MIGRATION_URL: 'postgres://owner@db/ledger' }).problems).toEqual([
      'DATABASE_MIGRATION_URL is only for EVENT_STORE=postgres',
    ]);
    expect(load({ ...pg, DATABASE_MIGRATION_URL: 'mysql://x' }).problems).toEqual([
      'DATABASE_MIGRATION_URL is not a valid connection string (^postgres(ql)?:\\/\\/\\S+$)',
    ]);
    expect(load({ CHECKPOINT_INTERVAL_SECONDS: '-1' }).problems).toEqual([
      'CHECKPOINT_INTERVAL_SECONDS must be a whole number from 0 to 604800, got "-1"',
    ]);
  });
});
