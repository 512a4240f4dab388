import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { LogCheckpointer } from '@trial-ledger/runtime';
import { cliInProcess } from '../support/cli';
import { TestApp, startTestApp } from '../support/test-app';
import { trialWithHistory } from '../support/tamper';
import { registerBody, statusBody } from '../support/trials';

jest.setTimeout(30_000);

const NCT = 'NCT05131412';
// Non-ASCII, quotes, CR LF and backslashes: where a canonical JSON written by jq could part from the service's.
const AWKWARD = 'Sponsor said "go", site\r\nconfirmed; 北京 ✓ <ok> & done \\ 🎉';

/** The block docs/audit.md gives an auditor, exactly as written there. */
const offlineCheck = (): string => {
  const doc = readFileSync(resolve(__dirname, '../../docs/audit.md'), 'utf8');
  const block = /<!-- offline-check[^>]*-->\n```sh\n([\s\S]*?)```/.exec(doc);
  if (!block) throw new Error('docs/audit.md has no offline-check block');
  return block[1];
};

const need = (tool: string, args: string[]) => {
  const run = spawnSync(tool, args);
  if (run.status !== 0) throw new Error(`${tool} is needed to check an export offline: bash infra/ci/install-test-tools.sh`);
};

describe('an export checked away from the service, with the commands docs/audit.md gives (bash, jq, openssl, sha256sum)', () => {
  let t: TestApp;
  let folder: string;
  let exported: { entries: { data: Record<string, unknown> }[]; integrity: { checkpoint: unknown } };
  const run = (file: unknown, publicKey: string) => {
    writeFileSync(join(folder, 'export.json'), typeof file === 'string' ? file : JSON.stringify(file));
    writeFileSync(join(folder, 'checkpoint-key.pub.pem'), publicKey);
    return spawnSync('bash', ['-c', offlineCheck()], { cwd: folder, encoding: 'utf8' });
  };
  let publicKey: string;
  let body: string;

  beforeAll(async () => {
    need('jq', ['--version']);
    need('openssl', ['version']);
    folder = mkdtempSync(join(tmpdir(), 'offline-check-'));
    t = await startTestApp();
    const operator = t.token('operator', 'olga');
    await t.http.post('/trials').set('Authorization', operator).send(registerBody(NCT)).expect(201);
    await t.http
      .post(`/trials/${NCT}/status`)
      .set('Authorization', operator)
      .send(statusBody('RECRUITING', { reason: AWKWARD }))
      .expect(200);
    for (const other of ['NCT05000001', 'NCT05000002']) await trialWithHistory(t, other);
    await t.app.get(LogCheckpointer).checkpointNow();
    const res = await t.http.get(`/trials/${NCT}/history/export?format=json&minRevision=2`).set('Authorization', t.token('auditor'));
    body = res.text;
    exported = JSON.parse(body);
    publicKey = (await cliInProcess(t.dataDir, 'checkpoint', '--public-key')).stdout;
  });
  afterAll(async () => {
    await t?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('verifies the file as exported, with the public key the CLI prints', () => {
    const check = run(body, publicKey);
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
    expect(check.stdout).toContain('Signature Verified Successfully');
    expect(check.stdout.trim().split('\n').at(-1)).toBe('export verified: signed checkpoint 12, 2 entries');
  });

  it('fails on an entry edited in the file', () => {
    const edited = structuredClone(exported);
    edited.entries[1].data.status = 'COMPLETED';
    const check = run(edited, publicKey);
    expect(check.status).not.toBe(0);
    expect(check.stdout).not.toContain('export verified');
  });

  it('fails with another public key than the one that signed', () => {
    const other = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const check = run(body, other);
    expect(check.status).not.toBe(0);
    expect(check.stdout).toContain('Signature Verification Failure');
  });

  it('fails when the head it names is not the one the signed root covers', () => {
    const moved = structuredClone(exported) as unknown as { integrity: { checkpoint: { head: { revision: number } } } };
    moved.integrity.checkpoint.head.revision = 1;
    const check = run(moved, publicKey);
    expect(check.status).not.toBe(0);
    expect(check.stdout).not.toContain('export verified');
  });
});
