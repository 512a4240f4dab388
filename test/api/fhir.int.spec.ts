import { STATUS_MAP, CT_GOV_SYSTEM } from '@trial-ledger/fhir';
import { TRIAL_STATUSES } from '@trial-ledger/domain';
import { fhirIssues } from '../support/fhir-validator';
import { TestApp, startTestApp } from '../support/test-app';
import { registerBody, siteBody, statusBody } from '../support/trials';

type Json = Record<string, any>;

/**
 * Issue 18, item 5: the FHIR R4 view over HTTP on the embedded store. Every answer is checked by the community
 * validator (test/support/fhir-validator.ts), which the first test shows can fail.
 */
describe('FHIR R4 ResearchStudy view', () => {
  let t: TestApp;
  let reader: string;

  /** GET as the reader; the answer is FHIR JSON with the status expected and passes the validator. */
  const fhir = async (path: string, status = 200, auth: string | null = reader): Promise<Json> => {
    const req = t.http.get(path);
    if (auth) req.set('Authorization', auth);
    const res = await req;
    expect([path, res.status, res.headers['content-type']]).toEqual([path, status, expect.stringMatching(/^application\/fhir\+json/)]);
    expect([path, fhirIssues(res.body)]).toEqual([path, []]);
    return res.body;
  };
  const ids = (bundle: Json): string[] => (bundle.entry ?? []).map((e: Json) => e.resource.id);

  beforeAll(async () => {
    t = await startTestApp();
    reader = t.token('reader');
    const op = t.token('operator', 'olga');
    const post = (path: string, body: object, status: number) => t.http.post(path).set('Authorization', op).send(body).expect(status);
    await post('/trials', registerBody('NCT06171906'), 201);
    await post(
      '/trials',
      registerBody('NCT02985346', { phases: ['PHASE1', 'PHASE2'], startDate: undefined, completionDate: undefined }),
      201,
    );
    t.clock.advance(3_600_000);
    await post('/trials', registerBody('NCT05131412', { conditions: ['Pneumonia'], enrollment: undefined }), 201);
    await post('/trials/NCT05131412/status', statusBody('RECRUITING'), 200);
    const site = await post('/trials/NCT05131412/sites', siteBody('Guangzhou'), 201);
    await t.http.get(`/trials?minPosition=${site.body.position}`).set('Authorization', op).expect(200);
  });
  afterAll(() => t.close());

  it('has a validator that refuses a wrong resource (so the checks below can fail)', () => {
    const study = { resourceType: 'ResearchStudy', id: 'NCT06171906', status: 'active' };
    expect(fhirIssues(study)).toEqual([]);
    expect(fhirIssues({ ...study, status: 'recruiting' })).toEqual([expect.stringContaining('ResearchStudy.status: "recruiting"')]);
    expect(fhirIssues({ resourceType: 'ResearchStudy', id: 'x' }).length).toBeGreaterThan(0);
    expect(fhirIssues({ ...study, period: { start: '2024-13' } }).length).toBeGreaterThan(0);
    expect(fhirIssues({ resourceType: 'Bundle', type: 'searchset', entry: [{ resource: { ...study, status: 'open' } }] }).length).toBe(1);
    expect(fhirIssues({ resourceType: 'Bundle', type: 'searchset', entry: [{ resource: { resourceType: 'Patient', id: 'p' } }] })).toEqual([
      expect.stringContaining('Unknown data type: Patient'),
    ]);
  });

  it('reads a trial as a ResearchStudy with its sites, sponsor and version', async () => {
    const study = await fhir('/fhir/ResearchStudy/NCT05131412');
    expect(study).toMatchObject({
      resourceType: 'ResearchStudy',
      id: 'NCT05131412',
      meta: { versionId: '3', lastUpdated: '2025-01-15T11:00:00.000Z' },
      identifier: [{ system: CT_GOV_SYSTEM, value: 'NCT05131412' }],
      status: 'active',
      condition: [{ text: 'Pneumonia' }],
      phase: { coding: [{ code: 'phase-4' }] },
      site: [{ reference: '#site-1' }],
    });
    expect(study.contained).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          resourceType: 'Location',
          name: 'Hospital of Guangzhou',
          address: { city: 'Guangzhou', country: 'China' },
        }),
      ]),
    );
    expect(study.enrollment).toBeUndefined();
    const res = await t.http.get('/fhir/ResearchStudy/NCT06171906').set('Authorization', t.token('auditor'));
    expect(res.headers.etag).toBe('W/"1"');
    expect(res.body.period).toEqual({ start: '2024-01-01', _start: expect.any(Object), end: '2028-11-01', _end: expect.any(Object) });
  });

  it('answers a CapabilityStatement without a token, and the status ConceptMap built from the mapping table', async () => {
    const statement = await fhir('/fhir/metadata', 200, null);
    expect(statement).toMatchObject({ resourceType: 'CapabilityStatement', fhirVersion: '4.0.1' });
    const map = await fhir('/fhir/ConceptMap/ct-gov-overall-status');
    const elements: Json[] = map.group[0].element;
    expect(elements.map((e) => e.code)).toEqual([...TRIAL_STATUSES]);
    for (const e of elements) expect(e.target[0].code).toBe(STATUS_MAP[e.code as keyof typeof STATUS_MAP].target);
    await fhir('/fhir/ConceptMap/other', 404);
  });

  it('searches by R4 status and _lastUpdated, with paging links', async () => {
    expect(ids(await fhir('/fhir/ResearchStudy?status=active'))).toEqual(['NCT05131412']);
    expect(ids(await fhir('/fhir/ResearchStudy?status=approved,completed'))).toEqual(['NCT02985346', 'NCT06171906']);
    expect(ids(await fhir('/fhir/ResearchStudy?_lastUpdated=gt2025-01-15T10:30:00Z'))).toEqual(['NCT05131412']);
    expect(ids(await fhir('/fhir/ResearchStudy?_lastUpdated=le2025-01-15T10:00Z'))).toEqual(['NCT02985346', 'NCT06171906']);
    expect(ids(await fhir('/fhir/ResearchStudy?_lastUpdated=eq2025-01-15'))).toHaveLength(3);
    expect(ids(await fhir('/fhir/ResearchStudy?_lastUpdated=ge2025-01-16'))).toEqual([]);
    const first = await fhir('/fhir/ResearchStudy?_count=2');
    expect([first.total, ids(first)]).toEqual([3, ['NCT02985346', 'NCT05131412']]);
    const next = first.link.find((l: Json) => l.relation === 'next').url as string;
    const second = await fhir(next.slice(next.indexOf('/fhir/')));
    expect(ids(second)).toEqual(['NCT06171906']);
    expect(second.link.map((l: Json) => l.relation)).toEqual(['self', 'first', 'previous']);
  });

  it('serves the versions from the ledger as _history and vread, to the roles and in the access log of a replay', async () => {
    const auditor = t.token('auditor', 'ada');
    const history = await fhir('/fhir/ResearchStudy/NCT05131412/_history', 200, auditor);
    expect(history.entry.map((e: Json) => [e.resource.meta.versionId, e.resource.status, e.request.method])).toEqual([
      ['3', 'active', 'PUT'],
      ['2', 'active', 'PUT'],
      ['1', 'approved', 'POST'],
    ]);
    const first = await fhir('/fhir/ResearchStudy/NCT05131412/_history/1', 200, auditor);
    expect([first.status, first.site]).toEqual(['approved', undefined]);
    await fhir('/fhir/ResearchStudy/NCT05131412/_history/4', 404, auditor);
    await fhir('/fhir/ResearchStudy/NCT05131412/_history/0', 400, auditor);
    expect((await fhir('/fhir/ResearchStudy/NCT05131412/_history', 403)).issue[0].code).toBe('forbidden');
    const log = await t.http.get('/access-log?nctId=NCT05131412&action=state.replay').set('Authorization', auditor).expect(200);
    expect(log.body.items.map((i: Json) => [i.actor, i.parameters])).toEqual([
      ['ada', {}],
      ['ada', { revision: '1' }],
    ]);
  });

  it('answers errors as OperationOutcome: unknown trial, bad ID, unsupported or bad search, no token', async () => {
    expect((await fhir('/fhir/ResearchStudy/NCT09999999', 404)).issue[0].code).toBe('not-found');
    await fhir('/fhir/ResearchStudy/NCT123', 400);
    await fhir('/fhir/ResearchStudy/NCT09999999/_history', 404, t.token('operator'));
    const unsupported = await fhir('/fhir/ResearchStudy?title=stem&status=open&_count=500', 400);
    expect(unsupported.issue.map((i: Json) => i.expression[0])).toEqual(['title', 'status', '_count']);
    await fhir('/fhir/ResearchStudy?_lastUpdated=ge2025-01-15T10:00:00', 400);
    const anonymous = await fhir('/fhir/ResearchStudy/NCT05131412', 401, null);
    expect(anonymous.issue[0].code).toBe('login');
  });
});
