import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveJwtSecret } from './jwt-secret';

describe('resolveJwtSecret', () => {
  it('generates an owner-only secret into the data directory once, and reuses it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'secret-'));
    const first = resolveJwtSecret(undefined, dir);
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(resolveJwtSecret(undefined, dir)).toBe(first);
    expect(statSync(join(dir, 'jwt-secret')).mode & 0o777).toBe(0o600);
    expect(resolveJwtSecret('configured-secret-configured-secret', dir)).toBe('configured-secret-configured-secret');
    rmSync(dir, { recursive: true, force: true });
  });
});
