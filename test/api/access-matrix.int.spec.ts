import { Role } from '@trial-ledger/platform';
import request from 'supertest';
import { ANY_ROLE, API_ROUTES, NCT, ROUTES, SWAGGER_PATH, routeRequest } from '../support/access-routes';
import { badCredentials } from '../support/bad-tokens';
import { TEST_SECRET, TestApp, startTestApp } from '../support/test-app';
import { registerBody, siteBody } from '../support/trials';

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
    const req = routeRequest(t.http, key, { nctId: NCT, siteId });
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
