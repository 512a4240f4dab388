import { Role } from '@trial-ledger/platform';
import request from 'supertest';
import { badCredentials } from '../support/bad-tokens';
import { TEST_SECRET, TestApp, startTestApp } from '../support/test-app';
import { registerBody, siteBody, statusBody } from '../support/trials';

type Access = 'public' | readonly Role[];
interface RouteCase {
  access: Access;
  query?: string;
  /** A body the handler would accept: were authentication bypassed, the command would really run. */
  body?: () => object;
}

const ANY_ROLE: readonly Role[] = ['reader', 'auditor', 'operator'];
const AUDIT: readonly Role[] = ['operator', 'auditor'];
const OPERATOR: readonly Role[] = ['operator'];
const AUDITOR: readonly Role[] = ['auditor'];

/** Who may call what, one row per route of the OpenAPI document; a route missing here fails the suite. */
const API_ROUTES: Record<string, RouteCase> = {
  'GET /health': { access: 'public' },
  'GET /health/live': { access: 'public' },
  'GET /health/ready': { access: 'public' },
  'POST /trials': { access: OPERATOR, body: () => registerBody('NCT00000042') },
  'GET /trials': { access: ANY_ROLE, query: 'status=RECRUITING' },
  'POST /trials/{nctId}/status': { access: OPERATOR, body: () => statusBody('RECRUITING') },
  'POST /trials/{nctId}/sites': { access: OPERATOR, body: () => siteBody('Guangzhou') },
  'POST /trials/{nctId}/sites/{siteId}/status': {
    access: OPERATOR,
    body: () => ({ status: 'RECRUITING', effectiveDate: '2024-03-01', reason: 'Site initiation visit done' }),
  },
  'POST /trials/{nctId}/sites/{siteId}/facility': { access: OPERATOR, body: () => ({ facility: "Boston Children's", reason: 'Renamed' }) },
  'POST /trials/{nctId}/sites/{siteId}/removal': { access: OPERATOR, body: () => ({ reason: 'Site withdrew' }) },
  'POST /trials/{nctId}/enrollment': { access: OPERATOR, body: () => ({ count: 3, type: 'ACTUAL', reason: 'First patients' }) },
  'POST /trials/{nctId}/verification': { access: OPERATOR, body: () => ({ reason: 'Annual review of the whole record' }) },
  // Not the title: the corrections route below corrects the registered title, which an edit would supersede.
  'POST /trials/{nctId}/details': {
    access: OPERATOR,
    body: () => ({ secondaryIds: [{ id: `AMEND-${Date.now()}` }], reason: 'Protocol amendment' }),
  },
  'POST /trials/{nctId}/dates': {
    access: OPERATOR,
    body: () => ({ startDate: { date: '2024-02-01', type: 'ACTUAL' }, reason: 'First patient enrolled' }),
  },
  'POST /trials/{nctId}/corrections': {
    access: OPERATOR,
    body: () => ({ revision: 1, corrections: { title: 'Mesenchymal stem cells for poor graft function' }, reason: 'Typo' }),
  },
  'GET /trials/{nctId}': { access: ANY_ROLE },
  'GET /trials/{nctId}/sites/{siteId}': { access: ANY_ROLE },
  'GET /trials/{nctId}/history': { access: AUDIT },
  'GET /trials/{nctId}/history/export': { access: AUDIT, query: 'format=csv' },
  'GET /trials/{nctId}/state': { access: AUDIT, query: 'revision=1' },
  'GET /trials/{nctId}/verify': { access: AUDIT },
  'GET /trials/{nctId}/compliance': { access: AUDIT },
  'GET /compliance': { access: AUDIT },
  'GET /access-log': { access: AUDITOR, query: 'nctId=NCT06171906' },
  'GET /access-log/export': { access: AUDITOR, query: 'format=json' },
};

/** Routes left out of the OpenAPI document on purpose (the auditor page's static files); the matrix covers them too. */
const UNDOCUMENTED_ROUTES: Record<string, RouteCase> = {
  'GET /audit': { access: 'public' },
  'GET /audit/{file}': { access: 'public' },
  // The FHIR view (docs/fhir.md), described by its CapabilityStatement rather than the OpenAPI document.
  'GET /fhir/metadata': { access: 'public' },
  'GET /fhir/ConceptMap/{id}': { access: ANY_ROLE },
  'GET /fhir/ResearchStudy': { access: ANY_ROLE, query: 'status=approved' },
  'GET /fhir/ResearchStudy/{nctId}': { access: ANY_ROLE },
  'GET /fhir/ResearchStudy/{nctId}/_history': { access: AUDIT },
  'GET /fhir/ResearchStudy/{nctId}/_history/{revision}': { access: AUDIT },
};

const ROUTES = { ...API_ROUTES, ...UNDOCUMENTED_ROUTES };
// Served by SwaggerModule itself (the docs and the document), public by design; no Nest guard runs there.
const SWAGGER_PATH = /^\/(docs|openapi\.json)/;
const NCT = 'NCT06171906';
// Headers a client might use to pass itself off as someone else; none may reach the event metadata.
const SPOOFED = { 'X-Actor': 'mallory', 'X-User': 'mallory', 'X-Forwarded-User': 'mallory', 'X-Role': 'auditor' };

type Res = { status: number; headers: Record<string, string>; body: { status?: number } };

/**
 * Every route Fastify's router holds, from its printed tree: a line per path segment, four columns of indent a
 * level, methods in brackets; a segment's full path is its ancestors' joined.
 */
const servedRoutes = (fastify: { printRoutes(o: object): string }): { path: string; methods: string[] }[] => {
  const ancestors: string[] = [];
  return fastify
    .printRoutes({ commonPrefix: false })
    .split('\n')
    .flatMap((line) => {
      const match = /^((?:[│ ] {3})*)[├└]── (\S+)(?: \(([A-Z, ]+)\))?$/.exec(line);
      if (!match) return [];
      const depth = match[1].length / 4;
      ancestors.splice(depth, ancestors.length, match[2]);
      return match[3] ? [{ path: ancestors.join(''), methods: match[3].split(', ') }] : [];
    });
};

describe('access matrix: every route × every credential', () => {
  let t: TestApp;
  let siteId: string;

  beforeAll(async () => {
    t = await startTestApp();
    const operator = t.token('operator');
    await t.http.post('/trials').set('Authorization', operator).send(registerBody(NCT)).expect(201);
    siteId = (await t.http.post(`/trials/${NCT}/sites`).set('Authorization', operator).send(siteBody('Boston')).expect(201)).body.siteId;
  });
  afterAll(() => t.close());

  const call = (key: string, auth?: string, headers: Record<string, string> = {}): request.Test => {
    const [method, template] = key.split(' ');
    const route = ROUTES[key];
    const path = template
      .replace('{nctId}', NCT)
      .replace('{siteId}', siteId)
      .replace('{file}', 'main.js')
      .replace('{id}', 'ct-gov-overall-status')
      .replace('{revision}', '1');
    const url = route.query ? `${path}?${route.query}` : path;
    const req = method === 'GET' ? t.http.get(url) : t.http.post(url).send(route.body?.() ?? {});
    if (auth !== undefined) req.set('Authorization', auth);
    return req.set(headers);
  };

  /** A refusal is a problem document (an OperationOutcome on the FHIR routes) and leaves the log as it was. */
  const expectRefused = async (key: string, auth: string | undefined, status: 401 | 403): Promise<void> => {
    const head = await t.store.headPosition();
    const res: Res = await call(key, auth);
    expect(res.status).toBe(status);
    if (key.startsWith('GET /fhir/')) {
      expect(res.headers['content-type']).toMatch(/^application\/fhir\+json/);
      expect(res.body).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: status === 401 ? 'login' : 'forbidden' }] });
    } else {
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.status).toBe(status);
    }
    if (status === 401) expect(res.headers['www-authenticate']).toBe('Bearer');
    expect(await t.store.headPosition()).toBe(head);
  };

  const expectServed = (res: Res): void => {
    expect([401, 403]).not.toContain(res.status);
    expect(res.status).toBeLessThan(500);
  };

  it('has an expectation for every route of the OpenAPI document, and none for a route it lacks', async () => {
    const doc = (await t.http.get('/openapi.json').expect(200)).body as { paths: Record<string, object> };
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    expect(documented.sort()).toEqual(Object.keys(API_ROUTES).sort());
  });

  // A controller excluded from the document (@ApiExcludeController) must not escape the matrix either.
  it('has an expectation for every route the server answers', () => {
    const served = servedRoutes(t.app.getHttpAdapter().getInstance() as { printRoutes(o: object): string })
      .filter(({ path }) => !SWAGGER_PATH.test(path))
      // The router answers HEAD for every GET by itself, as Express did; the GET's row covers it.
      .flatMap(({ path, methods }) => methods.filter((m) => m !== 'HEAD').map((m) => `${m} ${path.replace(/:(\w+)/g, '{$1}')}`));
    // Routing ignores case (create-app.ts), so the router prints /fhir/ResearchStudy lower-cased.
    const lower = (keys: string[]): string[] => keys.map((k) => k.toLowerCase()).sort();
    expect(lower(served)).toEqual(lower(Object.keys(ROUTES)));
  });

  describe.each(Object.keys(ROUTES))('%s', (key) => {
    const { access } = ROUTES[key];

    it.each(Object.entries(badCredentials(TEST_SECRET)))('%s: 401 unless public', async (_name, auth) => {
      if (access !== 'public') return expectRefused(key, auth, 401);
      expectServed(await call(key, auth));
    });

    it.each(ANY_ROLE)('%s: served if allowed, else 403', async (role) => {
      if (access !== 'public' && !access.includes(role)) return expectRefused(key, t.token(role), 403);
      const head = await t.store.headPosition();
      const sub = `${role}-${key}`;
      const res: Res = await call(key, t.token(role, sub), SPOOFED);
      expectServed(res);
      if (key.startsWith('POST ')) {
        expect(res.status).toBeLessThan(300);
        await expectActor(head, sub, role);
      }
    });
  });

  /** Every event the command appended names the token's subject and role, whatever the headers claimed. */
  const expectActor = async (head: number, sub: string, role: Role): Promise<void> => {
    const events = await t.store.readAll({ after: head, maxCount: 100 });
    expect(events.length).toBeGreaterThan(0);
    for (const event of events) expect(event.metadata).toMatchObject({ actor: sub, role });
  };
});
