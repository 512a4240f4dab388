import { isAbsolute, resolve } from 'node:path';
import { Env, integer } from './env-readers';

/** Signed checkpoints of the log (docs/audit.md). */
export interface CheckpointConfig {
  /** The Ed25519 private key (PKCS#8 PEM) the service signs with; absent: DATA_DIR/checkpoint-key.pem, made on first use. */
  keyFile?: string;
  /** The public key `verify` trusts (SPKI PEM), as the auditors keep it; absent: the signing key's own. */
  publicKeyFile?: string;
  /** How often the leader signs the head when it moved; 0: only on demand (`cli checkpoint`). */
  intervalSeconds: number;
}

export const DEFAULT_CHECKPOINT_INTERVAL_SECONDS = 300;

const path = (env: Env, name: string, cwd: string, problems: string[]): string | undefined => {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  if (raw.trim() !== raw) problems.push(`${name} must be a file path without surrounding spaces, got "${raw}"`);
  return isAbsolute(raw) ? raw : resolve(cwd, raw);
};

export const loadCheckpointConfig = (env: Env, cwd: string, problems: string[]): CheckpointConfig => {
  const keyFile = path(env, 'CHECKPOINT_KEY_FILE', cwd, problems);
  const publicKeyFile = path(env, 'CHECKPOINT_PUBLIC_KEY_FILE', cwd, problems);
  return {
    ...(keyFile ? { keyFile } : {}),
    ...(publicKeyFile ? { publicKeyFile } : {}),
    intervalSeconds: integer(env, 'CHECKPOINT_INTERVAL_SECONDS', DEFAULT_CHECKPOINT_INTERVAL_SECONDS, 0, 7 * 24 * 3600, problems),
  };
};
