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
    expect(all).toMatchObject({ code: 0, stdout: `NCT05131412 ok (5 events)\nNCT06171906 ok (5 events)\n${NO_CHECKPOINT}` });
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
      '',
    ]);
    expect(await cli(t.dataDir, 'verify', 'NCT06171906')).toMatchObject({ code: 1, stdout: expect.stringMatching(/BROKEN at revision 4/) });
  });
});
