import { parseCsvObjects } from '../../libs/compliance/src/testing/rfc4180';
import { readOdm } from '../../libs/compliance/src/testing/odm-reader';
import { download } from '../support/downloads';
import { TestApp, startTestApp } from '../support/test-app';
import { registerBody } from '../support/trials';

const NCT = 'NCT05131412';
const OTHER = 'NCT06171906';
const MINUTE = 60_000;

interface Entry {
  id: number;
  at: string;
  actor: string;
  role: string;
  channel: string;
  action: string;
  nctId: string | null;
  parameters: Record<string, unknown>;
}

describe('access log: reads of the audit trail are recorded', () => {
  let t: TestApp;
  let auditor: string;
  let olga: string;
  let logged: Entry[];
  let headBefore: number;

  const accessLog = async (query = ''): Promise<{ items: Entry[]; total: number; limit: number; offset: number }> =>
    (await t.http.get(`/access-log${query}`).set('Authorization', auditor).expect(200)).body;

  beforeAll(async () => {
    t = await startTestApp();
    auditor = t.token('auditor', 'audrey');
    olga = t.token('operator', 'olga');
    await t.http.post('/trials').set('Authorization', olga).send(registerBody(NCT)).expect(201);
    await t.http.post('/trials').set('Authorization', olga).send(registerBody(OTHER)).expect(201);
    headBefore = await t.store.headPosition();
    // 10:00 the auditor reads the trail filtered, 10:01 exports it, 10:02 replays it; 10:03 an operator reads another.
    await t.http.get(`/trials/${NCT}/history?type=TrialRegistered&minRevision=1`).set('Authorization', auditor).expect(200);
    t.clock.advance(MINUTE);
    await download(t.http, `/trials/${NCT}/history/export?format=csv&actor=olga`, auditor);
    t.clock.advance(MINUTE);
    await t.http.get(`/trials/${NCT}/state?revision=1`).set('Authorization', auditor).expect(200);
    t.clock.advance(MINUTE);
    await t.http.get(`/trials/${OTHER}/history`).set('Authorization', olga).expect(200);
    logged = (await accessLog()).items;
    // The app's start and the setup requests: seconds on a loaded machine, well past jest's 5 s default.
  }, 30_000);
  afterAll(() => t.close());

  it('records who, when (UTC), through what, which trial and which parameters, for each read, export and replay', () => {
    expect(logged.map(({ id: _id, ...rest }) => rest)).toEqual([
      {
        at: '2025-01-15T10:00:00.000Z',
        actor: 'audrey',
        role: 'auditor',
        channel: 'http',
        action: 'history.read',
        nctId: NCT,
        parameters: { type: 'TrialRegistered', minRevision: '1' },
      },
      {
        at: '2025-01-15T10:01:00.000Z',
        actor: 'audrey',
        role: 'auditor',
        channel: 'http',
        action: 'history.export',
        nctId: NCT,
        parameters: { format: 'csv', actor: 'olga' },
      },
      {
        at: '2025-01-15T10:02:00.000Z',
        actor: 'audrey',
        role: 'auditor',
        channel: 'http',
        action: 'state.replay',
        nctId: NCT,
        parameters: { revision: '1' },
      },
      {
        at: '2025-01-15T10:03:00.000Z',
        actor: 'olga',
        role: 'operator',
        channel: 'http',
        action: 'history.read',
        nctId: OTHER,
        parameters: {},
      },
    ]);
  });

  it("never enters a trial's stream: reads append nothing to the log", async () => {
    expect(await t.store.headPosition()).toBe(headBefore);
  });

  it('does not record a read that was refused (unknown trial, bad filter, wrong role)', async () => {
    await t.http.get('/trials/NCT09999999/history').set('Authorization', auditor).expect(404);
    await t.http.get(`/trials/${NCT}/history?from=yesterday`).set('Authorization', auditor).expect(400);
    await t.http.get(`/trials/${NCT}/history`).set('Authorization', t.token('reader')).expect(403);
    expect((await accessLog('?action=history.read')).items).toEqual([logged[0], logged[3]]);
  });

  it('filters by trial and by time (from inclusive, to exclusive, any zone), and pages with the total', async () => {
    expect((await accessLog(`?nctId=${OTHER}`)).items).toEqual([logged[3]]);
    const window = await accessLog(`?nctId=${NCT}&from=2025-01-15T10:01:00Z&to=2025-01-15T12:02:00%2B02:00`);
    expect(window.items).toEqual([logged[1]]);
    expect(await accessLog('?action=state.replay')).toMatchObject({ items: [logged[2]], total: 1 });
    const { total } = await accessLog();
    // Each listing is recorded after its answer: the one before this page adds one entry to the total it saw.
    expect(await accessLog('?limit=2&offset=1')).toEqual({ items: logged.slice(1, 3), total: total + 1, limit: 2, offset: 1 });
  });

  it('is for auditors only, and refuses bad parameters naming them', async () => {
    for (const role of ['operator', 'reader'] as const) {
      await t.http.get('/access-log').set('Authorization', t.token(role)).expect(403);
      await t.http.get('/access-log/export?format=json').set('Authorization', t.token(role)).expect(403);
    }
    await t.http.get('/access-log').expect(401);
    const bad = await t.http.get('/access-log?nctId=NCT1&from=soon&limit=0&action=peek').set('Authorization', auditor).expect(400);
    expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['action', 'from', 'limit', 'nctId']);
  });

  it('exports like the trail: JSON with its envelope, CSV, ODM-style XML, as attachments not to be cached', async () => {
    t.clock.advance(MINUTE);
    const json = await download(t.http, `/access-log/export?format=json&nctId=${NCT}`, auditor);
    expect(json.headers['content-type']).toMatch(/^application\/json/);
    expect(json.headers['content-disposition']).toBe('attachment; filename="access-log.json"');
    expect(json.headers['cache-control']).toBe('no-store');
    expect(JSON.parse(json.text)).toEqual({
      exportedAt: '2025-01-15T10:04:00.000Z',
      exportedBy: 'audrey',
      filters: { nctId: NCT },
      entryCount: 3,
      entries: logged.slice(0, 3),
    });

    const csv = await download(t.http, '/access-log/export?format=csv', auditor);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const rows = parseCsvObjects(csv.text);
    expect(rows.slice(0, logged.length).map((r) => [r.id, r.at, r.actor, r.action, r.nctId])).toEqual(
      logged.map((e) => [String(e.id), e.at, e.actor, e.action, e.nctId ?? '']),
    );
    // After the reads of the trails, only the auditor's own reads of the access log.
    expect(new Set(rows.slice(logged.length).map((r) => `${r.actor} ${r.action}`))).toEqual(
      new Set(['audrey access-log.read', 'audrey access-log.export']),
    );
    expect(JSON.parse(rows[0].parameters)).toEqual(logged[0].parameters);

    const odm = await download(t.http, '/access-log/export?format=odm&action=history.export', auditor);
    expect(odm.headers['content-type']).toMatch(/^application\/xml/);
    const records = readOdm(odm.text).ODM.ClinicalData.AuditRecords.AuditRecord;
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      'tl:Action': 'history.export',
      'tl:StudyOID': NCT,
      UserRef: { UserOID: 'audrey' },
      DateTimeStamp: '2025-01-15T10:01:00.000Z',
    });
  });

  it('records reading the access log itself, listing and export, with the filters, and nothing enters the event log', async () => {
    const reads = async () => (await accessLog('?action=access-log.read&limit=500')).items;
    const before = await reads();
    await t.http.get(`/access-log?nctId=${NCT}&action=history.read`).set('Authorization', auditor).expect(200);
    await download(t.http, '/access-log/export?format=csv&action=projection.skip', auditor);
    const recorded = (await reads()).slice(before.length);
    expect(recorded.map(({ id: _id, at: _at, ...rest }) => rest)).toEqual([
      {
        actor: 'audrey',
        role: 'auditor',
        channel: 'http',
        action: 'access-log.read',
        nctId: null,
        parameters: { action: 'access-log.read', limit: '500' },
      },
      {
        actor: 'audrey',
        role: 'auditor',
        channel: 'http',
        action: 'access-log.read',
        nctId: null,
        parameters: { nctId: NCT, action: 'history.read' },
      },
    ]);
    const exports = (await accessLog('?action=access-log.export')).items;
    expect(exports.at(-1)).toMatchObject({
      actor: 'audrey',
      action: 'access-log.export',
      nctId: null,
      parameters: { format: 'csv', action: 'projection.skip' },
    });
    await t.http.get('/access-log').set('Authorization', t.token('operator')).expect(403);
    expect((await reads()).filter((e) => e.role !== 'auditor')).toEqual([]);
    expect(await t.store.headPosition()).toBe(headBefore);
  });
});
