import { createHash, randomBytes } from 'node:crypto';
import { createLocalJWKSet, decodeProtectedHeader, JSONWebKeySet, jwtVerify } from 'jose';
import { TestIdentityProvider } from './oidc-provider';

const AUDIENCE = 'https://ledger.test/api';
const REDIRECT = 'http://127.0.0.1:9/audit/callback';

describe('the test identity provider', () => {
  let idp: TestIdentityProvider;

  beforeAll(async () => {
    idp = await TestIdentityProvider.start({
      audience: AUDIENCE,
      accounts: { ana: { realm_access: { roles: ['auditor'] } }, ben: { groups: ['ledger-operators'] } },
      publicClient: { redirectUris: [REDIRECT], corsOrigins: ['http://127.0.0.1:9'] },
    });
  });
  afterAll(() => idp.close());

  const jwks = async (): Promise<JSONWebKeySet> => (await fetch(`${idp.issuer}/jwks`)).json() as Promise<JSONWebKeySet>;
  const verify = async (token: string) =>
    (await jwtVerify(token, createLocalJWKSet(await jwks()), { issuer: idp.issuer, audience: AUDIENCE })).payload;

  it('publishes discovery naming itself as issuer and its JWKS', async () => {
    const discovery = (await (await fetch(`${idp.issuer}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(discovery).toMatchObject({ issuer: idp.issuer, jwks_uri: `${idp.issuer}/jwks` });
    expect((await jwks()).keys.map((k) => k.kid)).toEqual([idp.kid]);
  });

  it("issues RS256 JWT access tokens for an account, with its claims and the API's audience", async () => {
    const token = await idp.accessToken({ account: 'ana' });
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'RS256', typ: 'at+jwt', kid: idp.kid });
    const payload = await verify(token);
    expect(payload).toMatchObject({ sub: 'ana', aud: AUDIENCE, iss: idp.issuer, realm_access: { roles: ['auditor'] } });
    expect(payload.exp! - payload.iat!).toBe(600);
  });

  it('adds, overrides and removes claims, and sets audience and lifetime on request', async () => {
    const payload = await verify(await idp.accessToken({ account: 'ben', claims: { groups: undefined, role: 'operator' } }));
    expect(payload).toMatchObject({ sub: 'ben', role: 'operator' });
    expect(payload).not.toHaveProperty('groups');
    const other = await idp.accessToken({ sub: 'someone', audience: 'https://elsewhere.test', expiresInSeconds: 5 });
    const { payload: elsewhere } = await jwtVerify(other, createLocalJWKSet(await jwks()), { audience: 'https://elsewhere.test' });
    expect(elsewhere).toMatchObject({ sub: 'someone' });
    expect(elsewhere.exp! - elsewhere.iat!).toBe(5);
  });

  it('refuses an unknown account', async () => {
    await expect(idp.accessToken({ account: 'nobody' })).rejects.toThrow('no account "nobody"');
  });

  it('rotates its signing key: the old key leaves the JWKS', async () => {
    const before = idp.kid;
    const old = await idp.accessToken({ account: 'ana' });
    await idp.rotateKeys();
    expect(idp.kid).not.toBe(before);
    expect((await jwks()).keys.map((k) => k.kid)).toEqual([idp.kid]);
    expect(decodeProtectedHeader(await idp.accessToken({ account: 'ana' })).kid).toBe(idp.kid);
    await expect(verify(old)).rejects.toThrow(/no applicable key/i);
  });

  it('goes down (connection refused) and comes back on the same issuer', async () => {
    const issuer = idp.issuer;
    await idp.down();
    await expect(fetch(`${issuer}/jwks`)).rejects.toThrow();
    await idp.up();
    expect(idp.issuer).toBe(issuer);
    expect((await fetch(`${issuer}/jwks`)).status).toBe(200);
  });

  it('signs a browser in with authorization code + PKCE S256 for the public client, without a consent page', async () => {
    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const browser = new CookieJarBrowser();
    const query = new URLSearchParams({
      client_id: idp.publicClientId,
      response_type: 'code',
      scope: 'openid',
      redirect_uri: REDIRECT,
      code_challenge: challenge,
      code_challenge_method: 'S256',
      state: 'xyz',
    });
    const loginPage = await browser.follow(`${idp.issuer}/auth?${query}`);
    expect(loginPage.body).toContain('name="login"');
    const action = /action="([^"]+)"/.exec(loginPage.body)![1];
    const landed = await browser.follow(
      new URL(action, loginPage.url).href,
      new URLSearchParams({ prompt: 'login', login: 'ana', password: 'any' }),
    );
    const callback = new URL(landed.url);
    expect(`${callback.origin}${callback.pathname}`).toBe(REDIRECT);
    expect(callback.searchParams.get('state')).toBe('xyz');

    const exchange = await fetch(`${idp.issuer}/token`, {
      method: 'POST',
      headers: { Origin: 'http://127.0.0.1:9' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: idp.publicClientId,
        code: callback.searchParams.get('code')!,
        redirect_uri: REDIRECT,
        code_verifier: verifier,
      }),
    });
    expect(exchange.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:9');
    const { access_token } = (await exchange.json()) as { access_token: string };
    expect(await verify(access_token)).toMatchObject({ sub: 'ana', aud: AUDIENCE, realm_access: { roles: ['auditor'] } });
  });

  it('requires PKCE of the public client', async () => {
    const query = new URLSearchParams({ client_id: idp.publicClientId, response_type: 'code', scope: 'openid', redirect_uri: REDIRECT });
    const answer = await new CookieJarBrowser().follow(`${idp.issuer}/auth?${query}`);
    expect(new URL(answer.url).searchParams.get('error')).toBe('invalid_request');
  });
});

/** Just enough of a browser to follow the provider's redirects: cookies by name, stops at the redirect URI. */
class CookieJarBrowser {
  private readonly cookies = new Map<string, string>();

  async follow(url: string, form?: URLSearchParams): Promise<{ url: string; body: string }> {
    let next = url;
    let body: URLSearchParams | undefined = form;
    for (let hop = 0; hop < 10; hop += 1) {
      if (next.startsWith(REDIRECT)) return { url: next, body: '' };
      const response = await fetch(next, {
        method: body ? 'POST' : 'GET',
        body,
        redirect: 'manual',
        headers: { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
      });
      for (const cookie of response.headers.getSetCookie()) {
        const [pair] = cookie.split(';');
        const eq = pair.indexOf('=');
        this.cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
      }
      const location = response.headers.get('location');
      if (location === null) return { url: next, body: await response.text() };
      next = new URL(location, next).href;
      body = undefined;
    }
    throw new Error(`too many redirects from ${url}`);
  }
}
