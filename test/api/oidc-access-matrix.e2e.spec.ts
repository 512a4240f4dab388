import { OidcConfig, Role } from '@trial-ledger/platform';
import { decodeJwt, generateKeyPair, SignJWT } from 'jose';
import request from 'supertest';
import { ANY_ROLE, NCT, ROUTES, routeRequest } from '../support/access-routes';
import { badCredentials } from '../support/bad-tokens';
import { Claims, TestIdentityProvider } from '../support/oidc-provider';
import { TEST_SECRET, TestApp, startTestApp } from '../support/test-app';
import { registerBody, siteBody } from '../support/trials';
import { waitFor } from '../support/wait-for';

// Two identity providers and two API instances in one file; on a loaded machine a start takes seconds.
jest.setTimeout(120_000);

const AUDIENCE = 'https://trial-ledger.test/api';
const keycloakRoles = (...roles: string[]): Claims => ({ realm_access: { roles: ['offline_access', 'default-roles-trials', ...roles] } });
const ACCOUNTS: Record<string, Claims> = {
  'oidc-operator': keycloakRoles('operator'),
  'oidc-auditor': keycloakRoles('auditor'),
  'oidc-reader': keycloakRoles('reader'),
};
const accountOf = (role: Role): string => `oidc-${role}`;

/** The API's OIDC settings for a provider, as OIDC_* would give them for Keycloak; no clock skew, so expiry is prompt. */
const oidcSettings = (idp: TestIdentityProvider): OidcConfig => ({
  issuer: idp.issuer,
  audience: AUDIENCE,
  rolesClaim: 'realm_access.roles',
  roleMap: null,
  clockSkewSeconds: 0,
  clientId: null,
  scopes: ['openid'],
});

type Res = { status: number; headers: Record<string, string>; body: { status?: number; detail?: string } };

const b64 = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('access matrix with tokens from an OpenID provider', () => {
  let idp: TestIdentityProvider;
  let otherIdp: TestIdentityProvider;
  let t: TestApp;
  let siteId: string;
  const bearer = async (role: Role, extra: Parameters<TestIdentityProvider['accessToken']>[0] = {}): Promise<string> =>
    `Bearer ${await idp.accessToken({ account: accountOf(role), ...extra })}`;

  beforeAll(async () => {
    idp = await TestIdentityProvider.start({ audience: AUDIENCE, accounts: ACCOUNTS });
    otherIdp = await TestIdentityProvider.start({ audience: AUDIENCE, accounts: ACCOUNTS });
    t = await startTestApp({ oidc: oidcSettings(idp) });
    const operator = await bearer('operator');
    await t.http.post('/trials').set('Authorization', operator).send(registerBody(NCT)).expect(201);
    siteId = (await t.http.post(`/trials/${NCT}/sites`).set('Authorization', operator).send(siteBody('Boston')).expect(201)).body.siteId;
  });
  afterAll(async () => {
    await t?.close();
    await idp?.close();
    await otherIdp?.close();
  });

  const call = (key: string, auth?: string): request.Test => {
    const req = routeRequest(t.http, key, { nctId: NCT, siteId });
    return auth === undefined ? req : req.set('Authorization', auth);
  };

  /** A refusal is a problem document (an OperationOutcome on the FHIR routes), gives its reason and appends nothing. */
  const expectRefused = async (key: string, auth: string, status: 401 | 403, reason: RegExp): Promise<void> => {
    const head = await t.store.headPosition();
    const res: Res = await call(key, auth);
    expect(res.status).toBe(status);
    if (key.startsWith('GET /fhir/')) {
      expect(res.headers['content-type']).toMatch(/^application\/fhir\+json/);
      expect(res.body).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ diagnostics: expect.stringMatching(reason) }] });
    } else {
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ status, detail: expect.stringMatching(reason) });
    }
    if (status === 401) expect(res.headers['www-authenticate']).toBe('Bearer');
    expect(await t.store.headPosition()).toBe(head);
  };

  const expectServed = (res: Res): void => {
    expect([401, 403]).not.toContain(res.status);
    expect(res.status).toBeLessThan(500);
  };

  describe.each(Object.keys(ROUTES))('%s', (key) => {
    const { access } = ROUTES[key];

    it.each(ANY_ROLE)('%s token from the provider: served if allowed, else 403', async (role) => {
      const auth = await bearer(role);
      if (access !== 'public' && !access.includes(role)) return expectRefused(key, auth, 403, new RegExp(`Role ${role} may not`));
      const head = await t.store.headPosition();
      const res: Res = await call(key, auth);
      expectServed(res);
      if (key.startsWith('POST ')) {
        expect(res.status).toBeLessThan(300);
        const events = await t.store.readAll({ after: head, maxCount: 100 });
        expect(events.length).toBeGreaterThan(0);
        for (const event of events) expect(event.metadata).toMatchObject({ actor: accountOf(role), role });
      }
    });
  });

  /** Tokens that must not get in, each claiming the operator role one way or another, with the reason given. */
  const refusals = async (): Promise<[string, string, 401 | 403, RegExp][]> => {
    const expiring = await idp.accessToken({ account: accountOf('operator'), expiresInSeconds: 1 });
    const { exp } = decodeJwt(expiring);
    await waitFor(() => Date.now() >= exp! * 1000 + 1000, 'the short-lived token to expire', { timeoutMs: 10_000, everyMs: 50 });
    const stranger = await generateKeyPair('RS256');
    const claims = {
      ...keycloakRoles('operator'),
      sub: 'mallory',
      iss: idp.issuer,
      aud: AUDIENCE,
      exp: decodeJwt(await idp.accessToken()).exp,
    };
    const unknownKey = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'not-a-key-of-this-provider' })
      .sign(stranger.privateKey);
    return [
      ['expired', expiring, 401, /"exp" claim timestamp check failed/],
      [
        'wrong audience',
        await idp.accessToken({ account: accountOf('operator'), audience: 'https://another-api.test' }),
        401,
        /"aud" claim/,
      ],
      // Its keys are not this provider's, so the signature fails before the issuer is compared (oidc-token.unit checks `iss`).
      [
        'wrong issuer (a second provider)',
        await otherIdp.accessToken({ account: accountOf('operator') }),
        401,
        new RegExp(`no key of ${idp.issuer} signed it`),
      ],
      ['signed by a key the provider never published', unknownKey, 401, new RegExp(`no key of ${idp.issuer} signed it`)],
      [
        'HS256, as cli token mints',
        t.token('operator').slice('Bearer '.length),
        401,
        /HS256 tokens .* not accepted here: tokens come from/,
      ],
      ['alg none', `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`, 401, /algorithm none is not accepted/],
      ['role claim missing', await idp.accessToken({ sub: 'mallory' }), 403, /no realm_access\.roles claim/],
      [
        'role spoofed in a claim the API does not read',
        await idp.accessToken({ sub: 'mallory', claims: { role: 'operator', roles: ['operator'], groups: ['operator'] } }),
        403,
        /no realm_access\.roles claim/,
      ],
      [
        'two roles at once',
        await idp.accessToken({ sub: 'mallory', claims: keycloakRoles('operator', 'auditor') }),
        403,
        /several roles \(auditor, operator\)/,
      ],
    ];
  };

  it('refuses bad provider tokens on every route but the public ones, with the reason, appending nothing', async () => {
    const cases = await refusals();
    for (const key of Object.keys(ROUTES)) {
      for (const [name, token, status, reason] of cases) {
        const auth = `Bearer ${token}`;
        if (ROUTES[key].access === 'public') expectServed(await call(key, auth));
        else
          await expectRefused(key, auth, status, reason).catch((error: Error) =>
            Promise.reject(new Error(`${key}, ${name}: ${error.message}`)),
          );
      }
    }
  });

  it("refuses embedded mode's bad credentials too", async () => {
    for (const [name, auth] of Object.entries(badCredentials(TEST_SECRET))) {
      const res: Res = await call('POST /trials/{nctId}/status', auth);
      expect([name, res.status]).toEqual([name, 401]);
    }
  });

  it('accepts tokens signed with a rotated key once the key set is refetched, and refuses the withdrawn key', async () => {
    const before = await bearer('auditor');
    expect((await call('GET /trials/{nctId}/verify', before)).status).toBe(200);
    await idp.rotateKeys();
    const after = await bearer('auditor');
    // Until the API refetches the key set (at most one refetch per cooldown) the new key id is unknown to it.
    await waitFor(async () => (await call('GET /trials/{nctId}/verify', after)).status === 200, 'the rotated key to be accepted', {
      timeoutMs: 30_000,
      everyMs: 250,
    });
    await expectRefused('GET /trials/{nctId}/verify', before, 401, new RegExp(`no key of ${idp.issuer} signed it`));
  });
});

describe('an identity provider that is down', () => {
  it('leaves the API up with its public routes, refuses its tokens with the reason, and accepts them once it is back', async () => {
    const idp = await TestIdentityProvider.start({ audience: AUDIENCE, accounts: ACCOUNTS });
    const token = `Bearer ${await idp.accessToken({ account: accountOf('reader') })}`;
    await idp.down();
    const t = await startTestApp({ oidc: oidcSettings(idp) });
    try {
      await t.http.get('/health/live').expect(200);
      const refused: Res = await t.http.get('/trials').set('Authorization', token);
      expect(refused.status).toBe(401);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(refused.body.detail).toMatch(
        new RegExp(`^Identity provider unreachable: discovery at ${idp.issuer}/\\.well-known/openid-configuration failed`),
      );
      await idp.up();
      await waitFor(async () => (await t.http.get('/trials').set('Authorization', token)).status === 200, 'the provider to be used again', {
        timeoutMs: 20_000,
        everyMs: 100,
      });
    } finally {
      await t.close();
      await idp.close();
    }
  });
});

describe('the rate limit with provider tokens', () => {
  it('keeps one budget per provider-token subject, and one per address for tokens it refuses', async () => {
    const idp = await TestIdentityProvider.start({ audience: AUDIENCE, accounts: ACCOUNTS });
    const t = await startTestApp({ oidc: oidcSettings(idp), rateLimitPerMinute: 2 });
    try {
      const reader = `Bearer ${await idp.accessToken({ account: accountOf('reader') })}`;
      const auditor = `Bearer ${await idp.accessToken({ account: accountOf('auditor') })}`;
      const statuses = async (auth: string, n: number): Promise<number[]> => {
        const answers: number[] = [];
        for (let i = 0; i < n; i += 1) answers.push((await t.http.get('/trials').set('Authorization', auth)).status);
        return answers;
      };
      expect(await statuses(reader, 3)).toEqual([200, 200, 429]);
      // Another subject from the same address has its own budget: the guard read the verified `sub`.
      expect(await statuses(auditor, 2)).toEqual([200, 200]);
      // A refused token counts against the address, whatever subject it claims.
      const forged = `Bearer ${b64({ alg: 'none' })}.${b64({ sub: 'someone-new', iss: idp.issuer, aud: AUDIENCE })}.`;
      expect(await statuses(forged, 3)).toEqual([401, 401, 429]);
    } finally {
      await t.close();
      await idp.close();
    }
  });
});
