import Database from 'better-sqlite3';
import { join } from 'node:path';
import { cliInProcess } from '../support/cli';
import { TestApp, startTestApp } from '../support/test-app';
import { alterData, trialWithHistory } from '../support/tamper';

// In process: the compiled program's own smoke test is in program.int.spec.ts.
const cli = cliInProcess;

const NO_CHECKPOINT =
  'No signed checkpoint yet: a cut tail or a rewrite with recomputed hashes would go unnoticed (npm run cli -- checkpoint)\n';

describe('npm run cli -- verify', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    await trialWithHistory(t, 'NCT06171906');
    await trialWithHistory(t, 'NCT05131412');
  });
  afterAll(() => t.close());

  // The API keeps running meanwhile: verifying needs no downtime.
  it('reports every trial intact with exit code 0, or one trial when named', async () => {
    const all = await cli(t.dataDir, 'verify');
    expect(all).toMatchObject({
      code: 0,
      stdout: `NCT05131412 ok (5 events)\nNCT06171906 ok (5 events)\n${NO_CHECKPOINT}access log ok (0 entries)\n`,
    });
    expect(await cli(t.dataDir, 'verify', 'NCT06171906')).toMatchObject({ code: 0, stdout: `NCT06171906 ok (5 events)\n${NO_CHECKPOINT}` });
  });

  it('refuses an unknown trial (1) and a malformed argument (2)', async () => {
    expect(await cli(t.dataDir, 'verify', 'NCT00000001')).toMatchObject({ code: 1, stderr: expect.stringContaining('not registered') });
    expect(await cli(t.dataDir, 'verify', 'trial-1')).toMatchObject({ code: 2, stderr: expect.stringContaining('usage') });
  });

  it('names the broken revision after tampering and exits with 1', async () => {
    alterData(t.dataDir, 'NCT06171906', 4, { count: 120 });
    const all = await cli(t.dataDir, 'verify');
    expect(all.code).toBe(1);
    expect(all.stdout.split('\n')).toEqual([
      'NCT05131412 ok (5 events)',
      expect.stringMatching(/^NCT06171906 BROKEN at revision 4: content altered/),
      NO_CHECKPOINT.trim(),
      'access log ok (0 entries)',
      '',
    ]);
    expect(await cli(t.dataDir, 'verify', 'NCT06171906')).toMatchObject({ code: 1, stdout: expect.stringMatching(/BROKEN at revision 4/) });
  });

  it('checks the access log chain too: reads recorded, then one rewritten with the triggers dropped, is named', async () => {
    for (const nctId of ['NCT05131412', 'NCT06171906', 'NCT05131412'])
      await t.http.get(`/trials/${nctId}/history`).set('Authorization', t.token('auditor')).expect(200);
    const intact = await cli(t.dataDir, 'verify', 'NCT05131412');
    expect(intact.stdout).not.toContain('access log');
    expect((await cli(t.dataDir, 'verify')).stdout).toContain('access log ok (3 entries)\n');
    const db = new Database(join(t.dataDir, 'access-log.sqlite'));
    const [, second] = db.prepare('SELECT id FROM access_log ORDER BY id').all() as { id: number }[];
    db.exec('DROP TRIGGER access_log_no_update');
    db.prepare("UPDATE access_log SET actor = 'mallory' WHERE id = ?").run(second.id);
    db.close();
    const tampered = await cli(t.dataDir, 'verify');
    expect(tampered.code).toBe(1);
    expect(tampered.stdout).toContain(`access log BROKEN at entry ${second.id}: content altered\n`);
  });
});
