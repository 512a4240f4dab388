import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const SECRET_FILE = 'jwt-secret';

/**
 * Embedded mode must work with nothing configured, yet never with a well-known secret: the first start
 * writes a random one into the data directory (owner-only), and later starts and the CLI read it back.
 */
export const resolveJwtSecret = (configured: string | undefined, dataDir: string): string => {
  if (configured !== undefined) return configured;
  const file = join(dataDir, SECRET_FILE);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  return secret;
};
