import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../apps/cli/src/run-cli';
import { CliIo } from '../../apps/cli/src/cli-io';
import { TestDatabase, postgresForTests } from '../support/postgres';
import { corpusEntries, realRecords, syntheticNctId, writeRegistryZip } from '../support/registry-corpus';
import { TEST_SECRET } from '../support/test-app';

jest.setTimeout(60_000);

/** The same command on the PostgreSQL engines: it only goes through the executor, so nothing else changes. */
describe('npm run cli -- import on PostgreSQL (EVENT_STORE and READ_MODEL_STORE postgres)', () => {
  let database: TestDatabase;
  let dir: string;
  beforeEach(async () => {
    database = await postgresForTests();
    dir = mkdtempSync(join(tmpdir(), 'registry-import-pg-'));
  });
  afterEach(async () => {
    rmSync(dir, { recursive: true, force: true });
    await database?.dispose();
  });

  const cli = async (args: string[], stopWhen?: string) => {
    const stop = new AbortController();
    const out = { stdout: '', stderr: '' };
    const io: CliIo = {
      stdout: { write: (s: string) => (out.stdout += s) },
      stderr: { write: (s: string) => ((out.stderr += s), stopWhen !== undefined && s.includes(stopWhen) && stop.abort()) },
      signal: stop.signal,
    };
    const env = {
      DATA_DIR: join(dir, 'data'),
      JWT_SECRET: TEST_SECRET,
      EVENT_STORE: 'postgres',
      READ_MODEL_STORE: 'postgres',
      DATABASE_URL: database.url,
      RUN_WORKER: 'false',
    };
    return { code: await runCli(args, env, io), ...out };
  };

  it('imports a registry zip, is interrupted, resumes from its checkpoint, and holds one event per trial', async () => {
    const zip = join(dir, 'ctg-studies.json.zip');
    const entries = [...corpusEntries(realRecords(), 10)].map(([name, text], n): [string, string] => [name, n === 3 ? '{' : text]);
    await writeRegistryZip(zip, entries);
    const first = await cli(['import', zip, '--batch', '2'], `${syntheticNctId(3)}.json`);
    expect(first.code).toBe(1);
    // In batches of two, the run stops after the batch that holds the bad entry.
    expect(first.stdout).toMatch(/^4 entries, 3 versions read, 3 recorded \(3 new trials\), 1 lines reported, in /);
    const resumed = await cli(['import', zip, '--resume']);
    expect([resumed.code, resumed.stderr]).toEqual([0, '']);
    expect(resumed.stdout).toMatch(
      /^10 entries \(4 skipped: imported by an earlier run\), 6 versions read, 6 recorded \(6 new trials\), 0 lines reported, in /,
    );
    const again = await cli(['import', zip]);
    expect(again.stdout).toMatch(/^10 entries, 9 versions read, 0 recorded \(0 new trials\), 1 lines reported, in /);
    const verify = await cli(['verify']);
    expect(verify.code).toBe(0);
    const trialLines = verify.stdout.split('\n').filter((l) => l.startsWith('NCT'));
    expect(trialLines).toEqual([0, 1, 2, 4, 5, 6, 7, 8, 9].map((n) => `${syntheticNctId(n)} ok (1 events)`));
  });
});
