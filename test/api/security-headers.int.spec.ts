import { AUDIT_UI_CSP } from '../../apps/api/src/audit-ui/audit-ui.controller';
import { TestApp, startTestApp } from '../support/test-app';
import { registerBody } from '../support/trials';

/** Headers every response carries, whatever route or failure produced it (helmet, tightened for an API). */
const EXPECTED: Record<string, string | RegExp> = {
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'x-permitted-cross-domain-policies': 'none',
  'x-dns-prefetch-control': 'off',
  'content-security-policy': /^default-src 'self';.*frame-ancestors 'none';.*object-src 'none';.*script-src 'self'/,
};

type Res = { status: number; headers: Record<string, string | undefined> };

describe('security headers', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ bodyLimitBytes: 2048 });
  }, 30_000);
  afterAll(() => t.close());

  const expectHardened = (res: Res): void => {
    for (const [name, value] of Object.entries(EXPECTED)) {
      if (typeof value === 'string') expect({ name, value: res.headers[name] }).toEqual({ name, value });
      else expect(res.headers[name]).toMatch(value);
    }
    expect(res.headers['x-powered-by']).toBeUndefined();
    // The service may run on plain HTTP behind a proxy or on localhost; upgrading is the proxy's choice.
    expect(res.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
  };

  it('on data, on commands and on /health', async () => {
    const operator = t.token('operator');
    const created = await t.http.post('/trials').set('Authorization', operator).send(registerBody());
    expect(created.status).toBe(201);
    expectHardened(created);
    expectHardened(await t.http.get('/trials').set('Authorization', operator).expect(200));
    expectHardened(await t.http.get('/health').expect(200));
  });

  it('on every kind of refusal: 401, 403, 404, 400 for malformed JSON and 413 before any route runs', async () => {
    expectHardened(await t.http.get('/trials').expect(401));
    expectHardened(await t.http.get('/compliance').set('Authorization', t.token('reader')).expect(403));
    expectHardened(await t.http.get('/nowhere').expect(404));
    const operator = t.token('operator');
    expectHardened(
      await t.http.post('/trials').set('Authorization', operator).set('Content-Type', 'application/json').send('{"nctId"').expect(400),
    );
    expectHardened(
      await t.http
        .post('/trials')
        .set('Authorization', operator)
        .send({ title: 'x'.repeat(4096) })
        .expect(413),
    );
  });

  it('on the API docs, whose scripts and styles the policy still lets load', async () => {
    const res = await t.http.get('/docs/').expect(200);
    expectHardened(res);
    // Swagger UI loads its scripts from files (allowed by script-src 'self'); only its styles are inline.
    expect(res.text).not.toMatch(/<script>(?!\s*<\/script>)/);
    expect(res.headers['content-security-policy']).toContain("style-src 'self' https: 'unsafe-inline'");
  });

  it('leaves the auditor page its own, stricter policy', async () => {
    for (const path of ['/audit', '/audit/main.js']) {
      const res = await t.http.get(path).expect(200);
      expect(res.headers['content-security-policy']).toBe(AUDIT_UI_CSP);
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['x-powered-by']).toBeUndefined();
    }
  });

  describe('with an OpenID provider configured', () => {
    let oidc: TestApp;
    const issuer = 'https://login.hospital.test/realms/trials';

    beforeAll(async () => {
      oidc = await startTestApp({
        oidc: {
          issuer,
          audience: 'https://ledger.hospital.test/api',
          rolesClaim: 'realm_access.roles',
          roleMap: null,
          clockSkewSeconds: 30,
          clientId: 'audit-page',
          scopes: ['openid'],
        },
      });
    }, 30_000);
    afterAll(() => oidc.close());

    it("lets the auditor page reach the issuer's origin for discovery and the code exchange, and nothing else", async () => {
      for (const path of ['/audit', '/audit/main.js']) {
        const res = await oidc.http.get(path).expect(200);
        expect(res.headers['content-security-policy']).toBe(
          AUDIT_UI_CSP.replace("connect-src 'self'", "connect-src 'self' https://login.hospital.test"),
        );
        expect(res.headers['x-frame-options']).toBe('DENY');
      }
    });

    it('keeps the hardened headers everywhere else', async () => {
      expectHardened(await oidc.http.get('/health').expect(200));
      expectHardened(await oidc.http.get('/audit/config.json').expect(200));
      expectHardened(await oidc.http.get('/trials').expect(401));
    });
  });
});
