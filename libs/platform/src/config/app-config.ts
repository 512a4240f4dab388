import { resolve } from 'node:path';

/** The one typed, validated view of the environment. Apps pass process.env in; nothing else reads it. */
export interface AppConfig {
  port: number;
  dataDir: string;
  /** Absent in embedded mode means: generate one into DATA_DIR on first start. */
  jwtSecret: string | undefined;
  bodyLimitBytes: number;
  readWaitTimeoutMs: number;
  seedOnEmptyStore: boolean;
  seedsDir: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

const integer = (env: Env, name: string, fallback: number, min: number, max: number, problems: string[]): number => {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    problems.push(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
    return fallback;
  }
  return value;
};

const boolean = (env: Env, name: string, fallback: boolean, problems: string[]): boolean => {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true' || raw === 'false') return raw === 'true';
  problems.push(`${name} must be "true" or "false", got "${raw}"`);
  return fallback;
};

export const loadConfig = (env: Env, cwd = process.cwd()): AppConfig => {
  const problems: string[] = [];
  const secret = env.JWT_SECRET;
  if (secret !== undefined && secret.length < 32) problems.push('JWT_SECRET must be at least 32 characters (HS256 needs 256 bits)');
  const config: AppConfig = {
    port: integer(env, 'PORT', 3000, 0, 65535, problems),
    dataDir: resolve(cwd, env.DATA_DIR || './data'),
    jwtSecret: secret,
    bodyLimitBytes: integer(env, 'BODY_LIMIT_BYTES', 1024 * 1024, 1024, 64 * 1024 * 1024, problems),
    readWaitTimeoutMs: integer(env, 'READ_WAIT_TIMEOUT_MS', 5000, 0, 60_000, problems),
    seedOnEmptyStore: boolean(env, 'SEED_ON_EMPTY_STORE', true, problems),
    seedsDir: resolve(cwd, env.SEEDS_DIR || './seeds'),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
};
