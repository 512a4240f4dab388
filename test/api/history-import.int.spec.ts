import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { UnknownPolicy } from '@trial-ledger/domain';
import { RegistryRules, TrialCommandExecutor, importPath } from '@trial-ledger/trials';
import { TestApp, startTestApp } from '../support/test-app';

// How the fixture was made is written in its own "about" lines: the real NCT03630471 record and two earlier versions.
const FIXTURE = resolve(__dirname, '../fixtures/history/NCT03630471.history.json');
const NCT = 'NCT03630471';

describe('importing a record history (cthist shape) reproduces the registry timeline', () => {
  let t: TestApp;
  let auditor: string;
  beforeEach(async () => {
    t = await startTestApp();
    auditor = t.token('auditor');
  });
  afterEach(() => t.close());

  const get = (path: string) => t.http.get(path).set('Authorization', auditor);
  const importFixture = (path = FIXTURE, policy?: UnknownPolicy) =>
    importPath(t.app.get(TrialCommandExecutor), path, 'history-import', undefined, policy);

  it('records one observation per version, each dated by the record, posted by the registry and recorded by us', async () => {
    const report = await importFixture();
    expect([report.recorded, report.trials, report.issues]).toEqual([3, [NCT], []]);
    const { body } = await get(`/trials/${NCT}/history?minRevision=${report.recorded}`);
    expect(body.entries.map((e: { postedDate: string; effectiveDate: string }) => [e.postedDate, e.effectiveDate])).toEqual([
      ['2018-08-14', '2018-08-14'],
      ['2018-09-10', '2018-08-20'],
      ['2019-05-21', '2019-02-28'],
    ]);
    const statuses = body.entries.flatMap((e: { changes: { field: string; from: unknown; to: unknown }[] }) =>
      e.changes.filter((c) => c.field === 'status'),
    );
    expect(statuses.map((c: { to: string }) => c.to)).toEqual(['NOT_YET_RECRUITING', 'RECRUITING', 'COMPLETED']);
    expect(body.entries[2].businessDates).toEqual(
      expect.arrayContaining([
        { field: 'status', date: '2019-02-28', basis: 'completionDate' },
        { field: 'primaryCompletionDate', date: '2019-01-20', basis: 'primaryCompletionDate' },
        { field: 'enrollment', date: '2019-05-21', basis: 'postedDate' },
      ]),
    );
    expect(body.entries.every((e: { recordedAt: string }) => e.recordedAt.startsWith(t.clock.now().toISOString().slice(0, 4)))).toBe(true);
  });

  it('answers "as the registry stood on D" from the versions posted by D', async () => {
    await importFixture();
    const at = async (date: string) => get(`/trials/${NCT}/state?registryAsOf=${date}`);
    expect((await at('2018-08-01')).status).toBe(404);
    expect((await at('2018-08-20')).body).toMatchObject({
      revision: 1,
      state: { status: 'NOT_YET_RECRUITING', startDate: { date: '2018-08', type: 'ESTIMATED' } },
    });
    expect((await at('2018-12-01')).body).toMatchObject({
      revision: 2,
      state: { status: 'RECRUITING' },
      registryStatus: { status: 'RECRUITING', derivedUnknownSince: null },
    });
    expect((await at('2019-06-01')).body).toMatchObject({
      revision: 3,
      state: { status: 'COMPLETED', enrollment: { count: 250, type: 'ACTUAL' } },
    });
    // Verified 2018-09 and still RECRUITING: two years later the registry would have shown UNKNOWN, had nothing been posted.
    const lapsed = await get(`/trials/${NCT}/state?registryAsOf=2019-05-01`);
    expect(lapsed.body.registryStatus).toEqual({ status: 'RECRUITING', lastKnownStatus: null, derivedUnknownSince: null });
  });

  it('derives UNKNOWN by the configured rule, on the read side and in the dates of an imported UNKNOWN', async () => {
    await t.close();
    t = await startTestApp({ unknownPolicy: { openStatuses: ['RECRUITING'], monthsWithoutVerification: 6 } });
    auditor = t.token('auditor');
    const doc = JSON.parse(readFileSync(FIXTURE, 'utf8'));
    doc.history.changes.push({ version: 3, date: '2020-01-15', status: 'UNKNOWN' });
    const unknown = JSON.parse(JSON.stringify(doc.versions[1]));
    Object.assign(unknown.study.protocolSection.statusModule, {
      overallStatus: 'UNKNOWN',
      lastKnownStatus: 'RECRUITING',
      lastUpdatePostDateStruct: { date: '2020-01-15' },
    });
    doc.versions = [doc.versions[0], doc.versions[1], { version: 3, study: unknown.study }];
    doc.history.changes = doc.history.changes.filter((c: { version: number }) => c.version !== 2);
    const dir = mkdtempSync(join(tmpdir(), 'history-'));
    writeFileSync(join(dir, 'unknown.json'), JSON.stringify(doc));
    const report = await importFixture(dir, t.app.get(RegistryRules).unknownPolicy);
    expect(report.issues).toEqual([]);
    // Verified 2018-09: with a 6-month window the registry could show UNKNOWN from 2019-03, not 2020-09.
    const { body } = await get(`/trials/${NCT}/history?minRevision=3`);
    expect(body.entries[2].businessDates).toContainEqual({ field: 'status', date: '2019-03', basis: 'unknownDerivation' });
    const state = await get(`/trials/${NCT}/state?registryAsOf=2018-12-01`);
    expect(state.body.registryStatus).toMatchObject({ status: 'RECRUITING', derivedUnknownSince: null });
    const later = await get(`/trials/${NCT}/state?registryAsOf=2019-04-01`);
    expect(later.body.registryStatus).toEqual({ status: 'UNKNOWN', lastKnownStatus: 'RECRUITING', derivedUnknownSince: '2019-03' });
    rmSync(dir, { recursive: true, force: true });
  });

  it("judges the versions as of a date: changes posted late, time in status by cthist's definition", async () => {
    await importFixture();
    const { body } = await get(`/trials/${NCT}/compliance?asOf=2019-06-01`);
    expect(
      body.lateRecords.map((r: { field: string; businessDate: string; daysLate: number }) => [r.field, r.businessDate, r.daysLate]),
    ).toEqual([
      ['status', '2019-02-28', 82],
      ['primaryCompletionDate', '2019-01-20', 121],
      ['completionDate', '2019-02-28', 82],
    ]);
    expect(body.timeInStatus.daysByStatus).toEqual({ NOT_YET_RECRUITING: 27, RECRUITING: 253, COMPLETED: 11 });
    expect(body.registration).toMatchObject({ late: false, firstSubmitted: '2018-08-06', actualStart: '2018-08-20' });
    const early = await get(`/trials/${NCT}/compliance?asOf=2018-12-01`);
    expect([early.body.revision, early.body.lateRecords]).toEqual([2, []]);
  });

  it('reports, in a later run, a part of the record the ledger does not record that a newer version changed', async () => {
    const current = JSON.parse(readFileSync(FIXTURE, 'utf8')).versions[2].study;
    const dir = mkdtempSync(join(tmpdir(), 'untracked-'));
    writeFileSync(join(dir, 'current.json'), JSON.stringify(current));
    expect((await importFixture(join(dir, 'current.json'))).issues).toEqual([]);
    const later = JSON.parse(JSON.stringify(current));
    later.protocolSection.eligibilityModule.maximumAge = '70 Years';
    delete later.protocolSection.referencesModule;
    later.protocolSection.statusModule.lastUpdatePostDateStruct = { date: '2020-02-03', type: 'ACTUAL' };
    writeFileSync(join(dir, 'later.json'), JSON.stringify(later));
    const report = await importFixture(join(dir, 'later.json'));
    expect(report.recorded).toBe(1);
    expect(report.issues.map((i) => [i.record, i.field, i.message.split(';')[0]]).sort()).toEqual([
      [NCT, 'protocolSection.eligibilityModule.maximumAge', 'differs from the version the ledger held before (or is new to it)'],
      ...Object.keys(current.protocolSection.referencesModule)
        .sort()
        .map((key) => [NCT, `protocolSection.referencesModule.${key}`, 'is no longer in this version']),
    ]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports the same history again as nothing', async () => {
    await importFixture();
    const head = await t.store.headPosition();
    const again = await importFixture();
    expect([again.recorded, again.issues, await t.store.headPosition()]).toEqual([0, [], head]);
  });

  it('reports a malformed version with its record, version and field, records nothing of it, and goes on', async () => {
    const doc = JSON.parse(readFileSync(FIXTURE, 'utf8'));
    doc.versions[1].study.protocolSection.statusModule.startDateStruct.date = '2018-13-01';
    const dir = mkdtempSync(join(tmpdir(), 'history-'));
    writeFileSync(join(dir, 'broken.json'), JSON.stringify(doc));
    const report = await importFixture(dir);
    expect(report.issues).toEqual([expect.objectContaining({ record: `${NCT} version 1`, field: 'statusModule.startDateStruct.date' })]);
    expect(report.recorded).toBe(2);
    const { body } = await get(`/trials/${NCT}/history?minRevision=${report.recorded}`);
    expect(body.entries.map((e: { postedDate: string }) => e.postedDate)).toEqual(['2018-08-14', '2019-05-21']);
    rmSync(dir, { recursive: true, force: true });
  });
});
