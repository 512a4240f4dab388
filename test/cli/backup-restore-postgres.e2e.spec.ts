import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PostgresEventStore } from '@trial-ledger/event-store';
import { runCli } from '../../apps/cli/src/run-cli';
import { TestDatabase, postgresForTests } from '../support/postgres';
import { findPostgresBinDir } from '../support/postgres/binaries';
import { TEST_SECRET, TestApp, startTestApp } from '../support/test-app';
import { registerBody, statusBody } from '../support/trials';

jest.setTimeout(180_000);

type Ack = { nctId: string; revision: number; position: number };

/** pg_dump and pg_restore of the server the tests run on: a dump is only read back by a pg_restore as new as its pg_dump. */
const postgresTool = (name: 'pg_dump' | 'pg_restore'): string => {
  const dir = findPostgresBinDir();
  const tool = dir ? join(dir, name) : '';
  if (!existsSync(tool))
    throw new Error(`${name} not found beside initdb (${dir ?? 'no PostgreSQL binaries'}): apt-get install postgresql`);
  return tool;
};

// Asynchronous: the service runs in this process and must go on taking commands while pg_dump reads.
const run = async (tool: string, args: string[]): Promise<void> => {
  await promisify(execFile)(tool, args).catch((error: { code?: number; stderr?: string }) => {
    throw new Error(`${tool} ${args.join(' ')} exited ${error.code}: ${error.stderr}`);
  });
};

describe('the documented PostgreSQL backup: pg_dump of the event_store schema, pg_restore into a fresh database, rebuild and verify', () => {
  let source: TestDatabase;
  let target: TestDatabase;
  let t: TestApp;
  let work: string;
  const acked: Ack[] = [];

  const cli = async (url: string, ...args: string[]) => {
    const out = { stdout: '', stderr: '' };
    const io = { stdout: { write: (s: string) => (out.stdout += s) }, stderr: { write: (s: string) => (out.stderr += s) } };
    // The signing key stays in the service's DATA_DIR: verify on the restored copy checks with the same public key.
    const env = {
      DATA_DIR: t.dataDir,
      JWT_SECRET: TEST_SECRET,
      EVENT_STORE: 'postgres',
      READ_MODEL_STORE: 'postgres',
      DATABASE_URL: url,
      RUN_WORKER: 'false',
    };
    return { code: await runCli(args, env, io), ...out };
  };
  const send = async (path: string, body: object): Promise<void> => {
    const res = await t.http.post(path).set('Authorization', t.token('operator')).send(body);
    expect([path, res.status]).toEqual([path, path === '/trials' ? 201 : 200]);
    acked.push({ nctId: res.body.nctId, revision: res.body.revision, position: res.body.position });
  };
  const commands = async (from: number, to: number): Promise<void> => {
    for (let n = from; n < to; n++) {
      const nctId = `NCT08${String(n).padStart(6, '0')}`;
      await send('/trials', registerBody(nctId));
      await send(`/trials/${nctId}/status`, statusBody('RECRUITING'));
    }
  };

  beforeAll(async () => {
    [source, target] = [await postgresForTests(), await postgresForTests()];
    work = mkdtempSync(join(tmpdir(), 'trial-ledger-pg-backup-'));
    t = await startTestApp({ storage: { eventStore: 'postgres', readModelStore: 'postgres', databaseUrl: source.url, runWorker: true } });
  });
  afterAll(async () => {
    await t?.close();
    await source?.dispose();
    await target?.dispose();
    rmSync(work, { recursive: true, force: true });
  });

  it('restores every command acknowledged before the dump; every chain and the signed checkpoint verify on the copy', async () => {
    const [pgDump, pgRestore] = [postgresTool('pg_dump'), postgresTool('pg_restore')];
    await commands(0, 10);
    const signed = await cli(source.url, 'checkpoint');
    expect([signed.code, signed.stdout]).toEqual([0, expect.stringMatching(/^Checkpoint \d+ signed at position \d+/)]);
    await commands(10, 15);
    const beforeDump = acked.length;

    // The service keeps taking commands while pg_dump reads its one snapshot.
    const during = commands(15, 40);
    const dump = join(work, 'ledger.dump');
    await run(pgDump, ['--format=custom', '--schema=event_store', `--file=${dump}`, source.url]);
    await during;

    await run(pgRestore, [`--dbname=${target.url}`, dump]);
    const rebuilt = await cli(target.url, 'rebuild');
    expect(rebuilt.code).toBe(0);
    const verified = await cli(target.url, 'verify');
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(/^checkpoint \d+ ok \(position \d+: signature and every stream's head\)$/m);

    const store = await PostgresEventStore.open(target.url);
    try {
      const restored = await store.readAll({ after: 0, maxCount: 10_000 });
      const trials = new Set(restored.map((e) => e.streamId));
      expect(verified.stdout.split('\n').filter((l) => /^NCT\d{8} ok /.test(l))).toHaveLength(trials.size);
      for (const ack of acked.slice(0, beforeDump)) {
        const [event] = await store.readStream(`trial-${ack.nctId}`, { fromRevision: ack.revision, toRevision: ack.revision });
        expect({ ack, position: event?.position }).toEqual({ ack, position: ack.position });
      }
      // No half command and nothing the clients were not told of: each trial ends on an acknowledged command's last event.
      const told = new Set(acked.map((a) => `${a.nctId}@${a.revision}@${a.position}`));
      const heads = new Map(restored.map((e) => [e.streamId, `${e.streamId.replace(/^trial-/, '')}@${e.revision}@${e.position}`]));
      expect([...heads.values()].filter((head) => !told.has(head))).toEqual([]);
      expect(restored.length).toBeGreaterThanOrEqual(beforeDump);
      process.stdout.write(
        `pg_dump/pg_restore: ${acked.length} commands acknowledged, ${beforeDump} before the dump began, ` +
          `${restored.length} events restored, ${trials.size} chains and the checkpoint verified\n`,
      );
    } finally {
      await store.close();
    }
    const models = await t.http.get('/health').expect(200);
    expect(models.body.eventStore.headPosition).toBeGreaterThanOrEqual(acked[beforeDump - 1].position);
  });
});
