import jwt from 'jsonwebtoken';
import { TEST_SECRET, TestApp, startTestApp } from '../support/test-app';
import { registerBody, statusBody } from '../support/trials';

type Route = { method: 'get' | 'post'; path: string; body?: object; roles: string[] };

const ROUTES: Route[] = [
  { method: 'post', path: '/trials/NCT06171906/status', body: statusBody('RECRUITING'), roles: ['operator'] },
  { method: 'get', path: '/trials', roles: ['operator', 'auditor', 'reader'] },
  { method: 'get', path: '/trials/NCT06171906', roles: ['operator', 'auditor', 'reader'] },
  { method: 'get', path: '/trials/NCT06171906/history', roles: ['operator', 'auditor'] },
  { method: 'get', path: '/trials/NCT06171906/state?revision=1', roles: ['operator', 'auditor'] },
  { method: 'get', path: '/trials/NCT06171906/verify', roles: ['operator', 'auditor'] },
];

describe('authentication and roles', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    await t.http.post('/trials').set('Authorization', t.token('operator')).send(registerBody()).expect(201);
    await t.http.get('/trials/NCT06171906?minRevision=1').set('Authorization', t.token('operator')).expect(200);
  });
  afterAll(() => t.close());

  const call = (r: Route, auth?: string) => {
    const req = r.method === 'get' ? t.http.get(r.path) : t.http.post(r.path).send(r.body);
    return auth ? req.set('Authorization', auth) : req;
  };

  it.each(ROUTES)('$method $path: 401 without a valid token', async (route) => {
    const expired = jwt.sign({ role: 'operator', sub: 'x', exp: Math.floor(Date.now() / 1000) - 60 }, TEST_SECRET);
    const wrongKey = jwt.sign({ role: 'operator' }, 'another-secret-another-secret-another-secret', { subject: 'x' });
    const noneAlg = jwt.sign({ role: 'operator' }, '', { algorithm: 'none', subject: 'x' });
    const hs512 = jwt.sign({ role: 'operator' }, TEST_SECRET, { algorithm: 'HS512', subject: 'x' });
    for (const auth of [
      undefined,
      'Bearer',
      'Basic abc',
      `Bearer ${expired}`,
      `Bearer ${wrongKey}`,
      `Bearer ${noneAlg}`,
      `Bearer ${hs512}`,
    ]) {
      const res = await call(route, auth);
      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
    }
  });

  it.each(ROUTES)('$method $path: only its roles get through, others get 403', async (route) => {
    for (const role of ['operator', 'auditor', 'reader'] as const) {
      const res = await call(route, t.token(role));
      if (route.roles.includes(role)) expect(res.status).toBeLessThan(400);
      else expect(res.status).toBe(403);
    }
    expect(await t.store.streamRevision('trial-NCT06171906')).toBeLessThanOrEqual(2);
  });

  it('takes the actor from the token, not the request', async () => {
    const res = await t.http
      .post('/trials/NCT06171906/enrollment')
      .set('Authorization', t.token('operator', 'carol'))
      .send({ count: 3, type: 'ACTUAL', reason: 'First patients' });
    expect(res.status).toBe(200);
    const events = await t.store.readStream('trial-NCT06171906', { fromRevision: res.body.revision });
    expect(events[0].metadata).toMatchObject({ actor: 'carol', role: 'operator' });
  });

  it('keeps /health and the API docs public', async () => {
    expect((await t.http.get('/health')).status).toBe(200);
    expect((await t.http.get('/openapi.json')).status).toBe(200);
  });
});
