import { ConfigError, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('defaults to port 3000 and ./data', () => {
    expect(loadConfig({}, '/srv')).toMatchObject({ port: 3000, dataDir: '/srv/data', seedOnEmptyStore: true, jwtSecret: undefined });
  });

  it('names every bad variable at once', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: '70000', JWT_SECRET: 'short', SEED_ON_EMPTY_STORE: 'yes' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'JWT_SECRET must be at least 32 characters (HS256 needs 256 bits)',
      'PORT must be a whole number from 0 to 65535, got "70000"',
      'SEED_ON_EMPTY_STORE must be "true" or "false", got "yes"',
    ]);
  });
});

describe('loadConfig: Kafka', () => {
  it('leaves the relay off when KAFKA_BROKERS is unset or blank', () => {
    expect(loadConfig({}).kafka).toBeNull();
    expect(loadConfig({ KAFKA_BROKERS: ' ' }).kafka).toBeNull();
  });

  it('reads the brokers and defaults the rest', () => {
    expect(loadConfig({ KAFKA_BROKERS: 'k1:9092, k2:9093' }).kafka).toEqual({
      brokers: ['k1:9092', 'k2:9093'],
      clientId: 'trial-ledger',
      topic: 'trial-ledger.trial-events.v1',
      partitions: 6,
      source: '/trial-ledger',
      ssl: false,
      sasl: undefined,
      relayBatchSize: 500,
      relayMaxBackoffMs: 30_000,
    });
  });

  it('takes SASL credentials and an explicit replication factor', () => {
    const kafka = loadConfig({
      KAFKA_BROKERS: 'k1:9092',
      KAFKA_SSL: 'true',
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'relay',
      KAFKA_SASL_PASSWORD: 'secret',
      KAFKA_TOPIC_REPLICATION_FACTOR: '3',
    }).kafka;
    expect(kafka).toMatchObject({
      ssl: true,
      replicationFactor: 3,
      sasl: { mechanism: 'scram-sha-512', username: 'relay', password: 'secret' },
    });
  });

  it('names every bad Kafka variable at once', () => {
    let error: unknown;
    try {
      loadConfig({
        KAFKA_BROKERS: 'k1:9092,no-port',
        KAFKA_TOPIC: 'bad topic',
        KAFKA_TOPIC_PARTITIONS: '0',
        KAFKA_SASL_MECHANISM: 'gssapi',
      });
    } catch (e) {
      error = e;
    }
    expect((error as ConfigError).problems).toEqual([
      'KAFKA_TOPIC must be 1 to 249 of a-z A-Z 0-9 . _ -, got "bad topic"',
      'KAFKA_BROKERS must be a comma-separated list of host:port, got "k1:9092,no-port"',
      'KAFKA_TOPIC_PARTITIONS must be a whole number from 1 to 10000, got "0"',
      'KAFKA_SASL_MECHANISM must be one of plain, scram-sha-256, scram-sha-512, got "gssapi"',
    ]);
  });

  it('needs both SASL credentials with a mechanism', () => {
    expect(() => loadConfig({ KAFKA_BROKERS: 'k1:9092', KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'u' })).toThrow(
      'KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD are required with KAFKA_SASL_MECHANISM',
    );
  });
});

describe('loadConfig: storage engines', () => {
  it('defaults to the embedded engines, with this process running the background work', () => {
    expect(loadConfig({}).storage).toEqual({
      eventStore: 'sqlite',
      readModelStore: 'sqlite',
      runWorker: true,
      checkpoints: { intervalSeconds: 300 },
    });
  });

  it('takes PostgreSQL and KurrentDB with their connection strings', () => {
    expect(
      loadConfig({
        EVENT_STORE: 'kurrentdb',
        KURRENTDB_CONNECTION_STRING: 'kurrentdb://kurrentdb:2113?tls=false',
        READ_MODEL_STORE: 'postgres',
        DATABASE_URL: 'postgres://ledger@db:5432/ledger',
        RUN_WORKER: 'false',
      }).storage,
    ).toEqual({
      eventStore: 'kurrentdb',
      readModelStore: 'postgres',
      runWorker: false,
      checkpoints: { intervalSeconds: 300 },
      kurrentdbConnectionString: 'kurrentdb://kurrentdb:2113?tls=false',
      databaseUrl: 'postgres://ledger@db:5432/ledger',
    });
  });

  it('names an unknown engine and every missing or malformed connection string', () => {
    let error: unknown;
    try {
      loadConfig({ EVENT_STORE: 'mongodb', READ_MODEL_STORE: 'postgres' });
    } catch (e) {
      error = e;
    }
    expect((error as ConfigError).problems).toEqual([
      'EVENT_STORE must be one of sqlite, postgres, kurrentdb, got "mongodb"',
      'DATABASE_URL is required when EVENT_STORE or READ_MODEL_STORE is postgres',
    ]);
    expect(() => loadConfig({ EVENT_STORE: 'kurrentdb' })).toThrow('KURRENTDB_CONNECTION_STRING is required when EVENT_STORE is kurrentdb');
    expect(() => loadConfig({ EVENT_STORE: 'postgres', DATABASE_URL: 'mysql://x' })).toThrow(
      /DATABASE_URL is not a valid connection string/,
    );
  });
});

describe('loadConfig: the derivation of UNKNOWN (an assumption no source pins down)', () => {
  it('defaults to the four open recruitment statuses and 24 months', () => {
    expect(loadConfig({}).unknownPolicy).toEqual({
      openStatuses: ['NOT_YET_RECRUITING', 'RECRUITING', 'ENROLLING_BY_INVITATION', 'ACTIVE_NOT_RECRUITING'],
      monthsWithoutVerification: 24,
    });
  });

  it('reads another set of open statuses and another window', () => {
    expect(loadConfig({ UNKNOWN_OPEN_STATUSES: 'RECRUITING, SUSPENDED', UNKNOWN_AFTER_MONTHS: '18' }).unknownPolicy).toEqual({
      openStatuses: ['RECRUITING', 'SUSPENDED'],
      monthsWithoutVerification: 18,
    });
  });

  it('names a status the registry does not have, and a window out of range', () => {
    let error: unknown;
    try {
      loadConfig({ UNKNOWN_OPEN_STATUSES: 'RECRUITING,OPEN', UNKNOWN_AFTER_MONTHS: '0' });
    } catch (e) {
      error = e;
    }
    expect((error as ConfigError).problems).toEqual([
      expect.stringMatching(/^UNKNOWN_OPEN_STATUSES lists OPEN, not statuses of the registry/),
      'UNKNOWN_AFTER_MONTHS must be a whole number from 1 to 240, got "0"',
    ]);
  });
});
