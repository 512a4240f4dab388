import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { TrialCommandExecutor, importPath } from '@trial-ledger/trials';
import { seedIfEmpty } from '../../apps/api/src/seed';
import { TestApp, startTestApp } from '../support/test-app';

const SEEDS = resolve(__dirname, '../../seeds');

describe('seeds and import', () => {
  let t: TestApp;
  beforeEach(async () => (t = await startTestApp()));
  afterEach(() => t.close());

  it('seeds an empty store on first start; the seeded histories are served', async () => {
    const report = await seedIfEmpty(t.app, SEEDS);
    expect(report?.issues).toEqual([]);
    const head = await t.store.headPosition();
    const list = await t.http.get(`/trials?minPosition=${head}`).set('Authorization', t.token('reader'));
    expect(list.body.items.map((i: { nctId: string }) => i.nctId)).toEqual([
      'NCT02985346',
      'NCT04282928',
      'NCT05131412',
      'NCT06171906',
      'NCT06599346',
    ]);
    const history = await t.http.get('/trials/NCT02985346/history').set('Authorization', t.token('auditor'));
    const changes = history.body.entries.flatMap((e: { changes: { field: string }[] }) => e.changes.filter((c) => c.field === 'status'));
    // Seed document 002 shows the trial as UNKNOWN and states no earlier status, verified date or page date.
    expect(changes).toEqual([{ field: 'status', from: null, to: 'UNKNOWN' }]);
    expect(history.body.entries[0]).toMatchObject({
      actor: 'seed-import',
      role: 'importer',
      reason: expect.stringContaining('Seed document 002'),
      postedDate: null,
      type: 'RegistryVersionObserved',
      data: expect.objectContaining({
        flags: expect.arrayContaining([expect.objectContaining({ code: 'UNKNOWN_WITHOUT_VERIFIED_DATE' })]),
      }),
    });
    expect(await seedIfEmpty(t.app, SEEDS)).toBeNull();
  });

  it('re-imports the same snapshots as nothing, and imports the good records next to a broken one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'import-'));
    cpSync(resolve(__dirname, '../../../shared/ctgov/NCT03418623.json'), join(dir, 'good.json'));
    writeFileSync(join(dir, 'broken.json'), JSON.stringify({ protocolSection: { identificationModule: { nctId: 'NCT0001' } } }));
    const executor = t.app.get(TrialCommandExecutor);
    const first = await importPath(executor, dir, 'tester');
    expect(first.issues).toEqual([
      expect.objectContaining({ field: 'identificationModule.nctId', message: expect.stringContaining('NCT0001') }),
    ]);
    const head = await t.store.headPosition();
    expect(head).toBeGreaterThan(0);
    const again = await importPath(executor, dir, 'tester');
    expect(again.recorded).toBe(0);
    expect(await t.store.headPosition()).toBe(head);
    rmSync(dir, { recursive: true, force: true });
  });

  // Found by test/fuzz/hostile-importer.int.spec.ts: an older snapshot was planned again against today's state.
  it('re-imports a history of snapshots (the seeds) as nothing', async () => {
    const executor = t.app.get(TrialCommandExecutor);
    expect((await importPath(executor, SEEDS, 'tester')).issues).toEqual([]);
    const head = await t.store.headPosition();
    const again = await importPath(executor, SEEDS, 'tester');
    expect([again.recorded, again.issues, await t.store.headPosition()]).toEqual([0, [], head]);
  });

  it('records the first of two different records of a trial posted the same day, reports the other, and re-imports as nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'import-'));
    const record = JSON.parse(readFileSync(resolve(__dirname, '../../../shared/ctgov/NCT03418623.json'), 'utf8'));
    const originalCount = record.protocolSection.designModule.enrollmentInfo.count;
    writeFileSync(join(dir, 'a.json'), JSON.stringify(record));
    record.protocolSection.designModule.enrollmentInfo = { count: 4321, type: 'ESTIMATED' };
    writeFileSync(join(dir, 'b.json'), JSON.stringify(record));
    const executor = t.app.get(TrialCommandExecutor);
    const first = await importPath(executor, dir, 'tester');
    expect(first.issues).toEqual([
      expect.objectContaining({
        file: expect.stringContaining('b.json'),
        field: '(version)',
        message: expect.stringContaining('different record'),
      }),
    ]);
    expect((await executor.load('NCT03418623')).state).toMatchObject({ enrollment: { count: originalCount } });
    const head = await t.store.headPosition();
    const again = await importPath(executor, dir, 'tester');
    expect([again.recorded, again.issues.length, await t.store.headPosition()]).toEqual([0, 1, head]);
    rmSync(dir, { recursive: true, force: true });
  });
});
