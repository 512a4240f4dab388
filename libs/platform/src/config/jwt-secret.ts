import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const SECRET_FILE = 'jwt-secret';

export const jwtSecretFile = (dataDir: string): string => join(dataDir, SECRET_FILE);

/**
 * The secret the API signs with, or null when it is not where it would be: never created here, since a secret
 * made up elsewhere (a CLI run with another DATA_DIR) signs tokens the API can only answer "invalid signature".
 */
export const existingJwtSecret = (configured: string | undefined, dataDir: string): string | null => {
  if (configured !== undefined) return configured;
  const file = jwtSecretFile(dataDir);
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : null;
};

/**
 * Embedded mode must work with nothing configured, yet never with a well-known secret: the first start
 * writes a random one into the data directory (owner-only), and later starts and the CLI read it back.
 */
export const resolveJwtSecret = (configured: string | undefined, dataDir: string): string => {
  const existing = existingJwtSecret(configured, dataDir);
  if (existing !== null) return existing;
  const file = jwtSecretFile(dataDir);
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  return secret;
};
