import { resolve } from 'node:path';
import { AuthConfig, loadAuthConfig } from './auth-config';
import { Env, boolean, integer } from './env-readers';
import { HttpConfig, loadHttpConfig } from './http-config';
import { KafkaConfig, loadKafkaConfig } from './kafka-config';
import { LeadershipConfig, loadLeadershipConfig } from './leadership-config';
import { ObservabilityConfig, loadObservabilityConfig } from './observability-config';
import { ProjectionConfig, loadProjectionConfig } from './projection-config';
import { ReadinessConfig, loadReadinessConfig } from './readiness-config';
import { RegistryConfig, loadRegistryConfig } from './registry-config';
import { StorageConfig, loadStorageConfig } from './storage-config';
import { SyncConfig, loadSyncConfig } from './sync-config';

/** The one typed, validated view of the environment. Apps pass process.env in; nothing else reads it. */
export interface AppConfig extends AuthConfig, HttpConfig, ReadinessConfig, ProjectionConfig, RegistryConfig, LeadershipConfig {
  port: number;
  dataDir: string;
  bodyLimitBytes: number;
  readWaitTimeoutMs: number;
  seedOnEmptyStore: boolean;
  seedsDir: string;
  /** Null when KAFKA_BROKERS is unset: the relay is off. */
  kafka: KafkaConfig | null;
  storage: StorageConfig;
  /** The registry sync: the CLI's defaults and the worker's schedule. */
  sync: SyncConfig;
  observability: ObservabilityConfig;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export const loadConfig = (env: Env, cwd = process.cwd(), isTty = process.stdout.isTTY === true): AppConfig => {
  const problems: string[] = [];
  const auth = loadAuthConfig(env, problems);
  const port = integer(env, 'PORT', 3000, 0, 65535, problems);
  const config: AppConfig = {
    port,
    dataDir: resolve(cwd, env.DATA_DIR || './data'),
    ...auth,
    bodyLimitBytes: integer(env, 'BODY_LIMIT_BYTES', 1024 * 1024, 1024, 64 * 1024 * 1024, problems),
    readWaitTimeoutMs: integer(env, 'READ_WAIT_TIMEOUT_MS', 5000, 0, 60_000, problems),
    seedOnEmptyStore: boolean(env, 'SEED_ON_EMPTY_STORE', true, problems),
    seedsDir: resolve(cwd, env.SEEDS_DIR || './seeds'),
    kafka: loadKafkaConfig(env, problems),
    storage: loadStorageConfig(env, problems),
    sync: loadSyncConfig(env, problems),
    observability: loadObservabilityConfig(env, port, isTty, problems),
    ...loadHttpConfig(env, problems),
    ...loadReadinessConfig(env, problems),
    ...loadProjectionConfig(env, problems),
    ...loadRegistryConfig(env, problems),
    ...loadLeadershipConfig(env, problems),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
};
