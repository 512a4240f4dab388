import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { resolveJwtSecret, verifyToken } from '@trial-ledger/platform';
import { runCli } from '../../apps/cli/src/run-cli';

const run = async (env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> => {
  const out = { stdout: '', stderr: '' };
  const io = { stdout: { write: (t: string) => void (out.stdout += t) }, stderr: { write: (t: string) => void (out.stderr += t) } };
  const code = await runCli(['token', '--sub', 'ana', '--role', 'auditor'], { NO_COLOR: '1', ...env }, io);
  return { code, ...out };
};

describe('cli token and the API secret', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'trial-ledger-token-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses, naming the absolute DATA_DIR it read, when the API has not written its secret there', async () => {
    const dataDir = join(dir, 'not-the-api-data');
    const answer = await run({ DATA_DIR: dataDir });
    expect(answer).toEqual({
      code: 2,
      stdout: '',
      stderr: expect.stringContaining(`it read DATA_DIR ${dataDir}, and JWT_SECRET is unset`),
    });
    expect(answer.stderr).toContain(`no API secret at ${join(dataDir, 'jwt-secret')}`);
    expect(answer.stderr).toContain("run this command with DATA_DIR set to the API's data directory");
    // Nothing made up: no secret, not even the directory.
    expect(existsSync(dataDir)).toBe(false);
  });

  it('resolves a relative DATA_DIR before naming it', async () => {
    const absolute = join(dir, 'relative');
    const answer = await run({ DATA_DIR: relative(process.cwd(), absolute) });
    expect(answer.code).toBe(2);
    expect(answer.stderr).toContain(`it read DATA_DIR ${absolute},`);
  });

  it('signs with the secret the API wrote into its DATA_DIR, and creates none beside it', async () => {
    const secret = resolveJwtSecret(undefined, dir);
    const answer = await run({ DATA_DIR: dir });
    expect(answer).toMatchObject({ code: 0, stderr: '' });
    expect(verifyToken(secret, answer.stdout.trim())).toEqual({ sub: 'ana', role: 'auditor' });
    expect(readdirSync(dir)).toEqual(['jwt-secret']);
  });

  it('signs with JWT_SECRET when set, whatever DATA_DIR holds', async () => {
    const secret = 'a-secret-of-at-least-thirty-two-characters';
    const answer = await run({ DATA_DIR: join(dir, 'none'), JWT_SECRET: secret });
    expect(verifyToken(secret, answer.stdout.trim())).toEqual({ sub: 'ana', role: 'auditor' });
  });

  it('refuses in OIDC mode, naming where tokens come from, even with a secret at hand', async () => {
    resolveJwtSecret(undefined, dir);
    const answer = await run({ DATA_DIR: dir, OIDC_ISSUER: 'https://sso.example.org/realms/trials', OIDC_AUDIENCE: 'trial-ledger-api' });
    expect(answer).toEqual({
      code: 2,
      stdout: '',
      stderr: expect.stringContaining('mints no tokens when OIDC_ISSUER is set: tokens come from https://sso.example.org/realms/trials'),
    });
  });
});
