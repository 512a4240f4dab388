import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@trial-ledger/event-store';
import { sha256OfFile } from '../../apps/cli/src/commands/backup/backup-manifest';
import { cliInProcess } from '../support/cli';
import { killOn, startCli } from '../support/cli-child';
import { Acked, TrafficDuringRebuild, waitForAcks } from '../support/online-rebuild';
import { registerBody } from '../support/trials';
import { TestApp, startTestApp } from '../support/test-app';

jest.setTimeout(120_000);

describe('cli backup and cli restore (embedded store)', () => {
  let t: TestApp;
  let work: string;
  const backup = () => join(work, 'ledger-backup.sqlite');
  beforeAll(async () => {
    t = await startTestApp();
    work = mkdtempSync(join(tmpdir(), 'trial-ledger-backup-'));
    const operator = t.token('operator');
    for (let n = 0; n < 300; n++) {
      const res = await t.http
        .post('/trials')
        .set('Authorization', operator)
        .send(registerBody(`NCT06${String(n).padStart(6, '0')}`));
      expect(res.status).toBe(201);
    }
    // Reads an auditor made before the backup: the access log that records them is backed up with the log.
    for (const n of [1, 2, 3])
      await t.http
        .get(`/trials/NCT06${String(n).padStart(6, '0')}/history`)
        .set('Authorization', t.token('auditor'))
        .expect(200);
  });
  afterAll(async () => {
    await t.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('backs up while commands arrive; the restore holds every command acknowledged up to its head, and every chain verifies', async () => {
    const traffic = new TrafficDuringRebuild(t.http, t.token('operator'), t.token('reader'), 0);
    await waitForAcks(traffic, 10);
    const run = await cliInProcess(t.dataDir, 'backup', backup());
    const during = traffic.acknowledged;
    await waitForAcks(traffic, during + 4);
    const { acknowledged, failures } = await traffic.stop();
    expect(failures).toEqual([]);
    expect(run.code).toBe(0);
    const manifest = JSON.parse(readFileSync(`${backup()}.manifest.json`, 'utf8'));
    expect(run.stdout).toContain(`up to position ${manifest.headPosition}`);
    const [before, after] = partition(acknowledged, manifest.headPosition);
    // Commands were acknowledged on both sides of the copy's instant: it was taken under load.
    expect([before.length > 0, after.length > 0]).toEqual([true, true]);

    const restored = join(work, 'restored');
    const restore = await cliInProcess(t.dataDir, 'restore', backup(), '--data-dir', restored);
    expect([restore.code, restore.stderr]).toEqual([0, 'restore: checking\nrestore: verifying\nrestore: rebuilding\n']);
    const store = SqliteEventStore.open(join(restored, 'events.sqlite'));
    try {
      expect(await store.headPosition()).toBe(manifest.headPosition);
      for (const ack of before) {
        const [event] = await store.readStream(`trial-${ack.nctId}`, { fromRevision: ack.revision, toRevision: ack.revision });
        expect({ ack, position: event?.position }).toEqual({ ack, position: ack.position });
      }
    } finally {
      await store.close();
    }
    const verify = await cliInProcess(restored, 'verify');
    expect(verify.code).toBe(0);
    expect(verify.stdout.split('\n').filter((l) => /^NCT\d{8} ok /.test(l)).length).toBe(Object.keys(manifest.trials).length);
    const models = new Database(join(restored, 'read-models.sqlite'), { readonly: true });
    expect(models.prepare('SELECT count(*) AS n FROM trials').get()).toEqual({ n: Object.keys(manifest.trials).length });
    models.close();

    const readsBefore = accessEntries(t.dataDir).filter((e) => e.id <= manifest.accessLog.lastId);
    expect(readsBefore.filter((e) => e.action === 'history.read').map((e) => e.nct_id)).toEqual([
      'NCT06000001',
      'NCT06000002',
      'NCT06000003',
    ]);
    expect(manifest.accessLog).toMatchObject({ file: 'ledger-backup.sqlite.access-log', entries: readsBefore.length });
    expect(manifest.accessLog.sha256).toBe(await sha256OfFile(`${backup()}.access-log`));
    expect(accessEntries(restored)).toEqual(readsBefore);
    expect(restore.stdout).toContain(`access log of ${readsBefore.length} entries`);
  });

  it('refuses a backup whose access log does not match its checksum, and leaves neither log behind', async () => {
    const file = join(work, 'bad-access.sqlite');
    copyFileSync(backup(), file);
    copyFileSync(`${backup()}.manifest.json`, `${file}.manifest.json`);
    const bytes = readFileSync(`${backup()}.access-log`);
    bytes[bytes.length - 10] ^= 0xff;
    writeFileSync(`${file}.access-log`, bytes);
    const target = join(work, 'from-bad-access');
    const run = await cliInProcess(t.dataDir, 'restore', file, '--data-dir', target);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /Refused: .*bad-access\.sqlite\.access-log: its SHA-256 is [0-9a-f]{64}, the manifest records [0-9a-f]{64}: the access log is corrupt/,
    );
    expect([existsSync(join(target, 'events.sqlite')), existsSync(join(target, 'access-log.sqlite'))]).toEqual([false, false]);
    rmSync(`${file}.access-log`);
    const missing = await cliInProcess(t.dataDir, 'restore', file, '--data-dir', target);
    expect([missing.code, missing.stderr]).toEqual([
      1,
      expect.stringMatching(/its access log \(.*\) is missing; the manifest records one/),
    ]);
  });

  it('refuses a corrupt backup naming the checksum, and leaves no event store behind', async () => {
    const corrupt = join(work, 'corrupt.sqlite');
    copyFileSync(backup(), corrupt);
    copyFileSync(`${backup()}.manifest.json`, `${corrupt}.manifest.json`);
    const bytes = readFileSync(corrupt);
    bytes[Math.floor(bytes.length / 2)] ^= 0xff;
    writeFileSync(corrupt, bytes);
    const target = join(work, 'from-corrupt');
    const run = await cliInProcess(t.dataDir, 'restore', corrupt, '--data-dir', target);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^restore: checking\nRefused: .*corrupt\.sqlite: its SHA-256 is [0-9a-f]{64}, the manifest records [0-9a-f]{64}: the file is corrupt/,
    );
    expect(existsSync(join(target, 'events.sqlite'))).toBe(false);
  });

  it('refuses a backup whose checksum fits but whose chain does not verify, naming the trial and revision', async () => {
    const altered = join(work, 'altered.sqlite');
    copyFileSync(backup(), altered);
    copyFileSync(`${backup()}.access-log`, `${altered}.access-log`);
    const db = new Database(altered);
    db.exec('DROP TRIGGER IF EXISTS events_no_update');
    db.prepare("UPDATE events SET data = json_set(data, '$.title', 'Rewritten') WHERE stream_id = 'trial-NCT06000007'").run();
    db.close();
    const manifest = JSON.parse(readFileSync(`${backup()}.manifest.json`, 'utf8'));
    writeFileSync(`${altered}.manifest.json`, JSON.stringify({ ...manifest, sha256: await sha256OfFile(altered) }));
    const target = join(work, 'from-altered');
    const run = await cliInProcess(t.dataDir, 'restore', altered, '--data-dir', target);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('does not verify:\nNCT06000007 chain broken at revision 1: content altered');
    expect(existsSync(join(target, 'events.sqlite'))).toBe(false);
  });

  it('refuses a backup from a newer schema version', async () => {
    const newer = join(work, 'newer.sqlite');
    copyFileSync(backup(), newer);
    const manifest = JSON.parse(readFileSync(`${backup()}.manifest.json`, 'utf8'));
    writeFileSync(`${newer}.manifest.json`, JSON.stringify({ ...manifest, storeFormat: 2 }));
    const run = await cliInProcess(t.dataDir, 'restore', newer, '--data-dir', join(work, 'from-newer'));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'newer.sqlite comes from a newer schema version (store format 2, this build reads up to 1); upgrade Trial Ledger',
    );
  });

  it.each(['copying', 'verifying', 'copying the access log'])(
    'leaves nothing that restores when the backup is killed while %s',
    async (phase) => {
      const file = join(work, `killed-${phase}.sqlite`);
      const ended = await killOn(startCli(t.dataDir, 'backup', file), `backup: ${phase}\n`);
      expect(ended.signal).toBe('SIGKILL');
      const run = await cliInProcess(t.dataDir, 'restore', file, '--data-dir', join(work, `from-killed-${phase}`));
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/Refused: .*no manifest .*an interrupted backup leaves none/);
    },
  );

  it('killed while writing the manifest, leaves either a complete backup or one that is refused', async () => {
    const file = join(work, 'killed-manifest.sqlite');
    const ended = await killOn(startCli(t.dataDir, 'backup', file), 'backup: writing the manifest\n');
    expect(ended.signal).toBe('SIGKILL');
    const run = await cliInProcess(t.dataDir, 'restore', file, '--data-dir', join(work, 'from-killed-manifest'));
    if (existsSync(`${file}.manifest.json`)) expect(run.code).toBe(0);
    else expect([run.code, run.stderr]).toEqual([1, expect.stringMatching(/Refused: .*no manifest/)]);
  });
});

type AccessRow = { id: number; action: string; nct_id: string | null; actor: string; at: string; parameters: string };

const accessEntries = (dataDir: string): AccessRow[] => {
  const db = new Database(join(dataDir, 'access-log.sqlite'), { readonly: true });
  try {
    return db.prepare('SELECT id, action, nct_id, actor, at, parameters FROM access_log ORDER BY id').all() as AccessRow[];
  } finally {
    db.close();
  }
};

const partition = (acks: Acked[], head: number): [Acked[], Acked[]] => [
  acks.filter((a) => a.position <= head),
  acks.filter((a) => a.position > head),
];
