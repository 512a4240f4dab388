import { AddressInfo } from 'node:net';
import { decodeJwt } from 'jose';
import { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { launchChromium } from '../support/chromium';
import { TestIdentityProvider } from '../support/oidc-provider';
import { TestApp, startTestApp } from '../support/test-app';
import { registerBody, statusBody } from '../support/trials';
import { waitFor } from '../support/wait-for';

const NCT = 'NCT06171906';
const AUDIENCE = 'https://ledger.test/api';
const ROLES_CLAIM = 'realm_access.roles';
// Short enough for a test to see a token expire; each sign-in's steps take a few seconds even on a loaded machine.
const TOKEN_SECONDS = 30;
const ACCOUNTS = {
  ada: { realm_access: { roles: ['auditor'] } },
  rita: { realm_access: { roles: ['reader'] } },
  olga: { realm_access: { roles: ['operator'] } },
};

interface SeenRequest {
  url: string;
  /** The document that made the request: the page a navigation leaves, or the page a fetch runs in. */
  from: string;
  authorization?: string;
}

/** Runs in the page: every value either storage holds (typed by hand: the tests compile without the DOM library). */
const storedValues = (): string[] => {
  type Store = { length: number; key(i: number): string | null; getItem(k: string): string | null };
  const { localStorage, sessionStorage } = globalThis as unknown as { localStorage: Store; sessionStorage: Store };
  const values: string[] = [];
  for (const store of [localStorage, sessionStorage]) {
    for (let i = 0; i < store.length; i += 1) values.push(`${store.key(i)}=${store.getItem(store.key(i) ?? '')}`);
  }
  return values;
};

/**
 * The auditor page in OpenID Connect mode, end to end: a real OpenID provider (oidc-provider, in this process), the
 * API verifying its tokens, and Debian's Chromium doing the authorization code + PKCE round trip.
 */
describe('auditor page: sign-in through an OpenID provider in headless Chromium', () => {
  let idp: TestIdentityProvider;
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const requests: SeenRequest[] = [];
  const pageErrors: string[] = [];

  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { Authorization: `Bearer ${await idp.accessToken({ account: 'olga' })}`, 'Content-Type': 'application/json' },
    });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<{ position: number }>;
  };

  const record = (request: Request) => {
    const from = request.frame().url();
    requests.push({ url: request.url(), from, authorization: request.headers().authorization });
  };

  beforeAll(async () => {
    idp = await TestIdentityProvider.start({ audience: AUDIENCE, accounts: ACCOUNTS, accessTokenSeconds: TOKEN_SECONDS });
    t = await startTestApp({
      oidc: {
        issuer: idp.issuer,
        audience: AUDIENCE,
        rolesClaim: ROLES_CLAIM,
        roleMap: null,
        clockSkewSeconds: 0,
        clientId: idp.publicClientId,
        scopes: ['openid'],
      },
    });
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    await idp.setPublicClient({ redirectUris: [`${base}/audit/`], corsOrigins: [base] });
    await post('/trials', registerBody(NCT, { effectiveDate: '2024-01-10' }));
    const last = await post(
      `/trials/${NCT}/status`,
      statusBody('RECRUITING', { effectiveDate: '2024-03-01', reason: 'Ethics approval granted' }),
    );
    await fetch(`${base}/trials?minPosition=${last.position}`, {
      headers: { Authorization: `Bearer ${await idp.accessToken({ account: 'ada' })}` },
    });

    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    // The provider's own pages import a web font; nothing leaves this machine, whoever asks.
    await context.route(
      (url) => url.origin !== base && url.origin !== idp.issuer,
      (route) => route.abort(),
    );
    context.on('request', record);
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      // Chromium reports every 4xx answer as a console error; the 401 and 403 here are the ones the tests provoke.
      const provoked = /^Failed to load resource: the server responded with a status of 40[13]/.test(message.text());
      if (message.type() === 'error' && page.url().startsWith(base) && !provoked) pageErrors.push(message.text());
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await idp?.close();
  });

  /** From the provider's login form (the page has sent the browser there) back to the page, signed in. */
  const logIn = async (account: string) => {
    await page.waitForSelector('input[name=login]');
    expect(new URL(page.url()).origin).toBe(idp.issuer);
    await page.fill('input[name=login]', account);
    await page.fill('input[name=password]', 'any password: the test provider checks none');
    await page.click('button[type=submit]');
    await page.waitForURL(`${base}/audit/`);
    await page.waitForSelector('#sign-out-button:visible');
  };
  const status = () => page.locator('#status').textContent();
  const apiCalls = () => requests.filter((r) => r.url.startsWith(`${base}/trials`));

  it('offers Sign in and no token box, under a policy that lets it reach the provider and nothing else', async () => {
    const res = await fetch(`${base}/audit`);
    expect(res.headers.get('content-security-policy')).toContain(`connect-src 'self' ${idp.issuer};`);
    expect(await (await fetch(`${base}/audit/config.json`)).json()).toEqual({
      mode: 'oidc',
      issuer: idp.issuer,
      clientId: idp.publicClientId,
      scope: 'openid',
      resource: AUDIENCE,
      rolesClaim: ROLES_CLAIM,
    });
    await page.goto(`${base}/audit/`);
    await page.waitForSelector('#sign-in-button:visible');
    expect(await page.locator('#token-form, #token').count()).toBe(0);
    expect(await page.locator('#sign-out-button').isVisible()).toBe(false);
    expect(apiCalls()).toEqual([]);
  }, 20_000);

  it('refuses an answer it did not ask for (a code and state planted in a link) without exchanging the code', async () => {
    await page.goto(`${base}/audit/?code=planted-code&state=planted-state&iss=${encodeURIComponent(idp.issuer)}`);
    await page.waitForSelector('#status.error');
    expect(await status()).toBe('Sign-in failed: The sign-in answer does not match the request this page made');
    expect(page.url()).toBe(`${base}/audit/`);
    expect(requests.filter((r) => r.url === `${idp.issuer}/token`)).toEqual([]);
    expect(apiCalls()).toEqual([]);
  }, 20_000);

  it("signs an auditor in at the provider and lists the trials with the provider's token, kept in memory only", async () => {
    const firstRequest = requests.length;
    await page.click('#sign-in-button');
    await logIn('ada');
    await page.waitForSelector(`#trials tr[data-nct-id="${NCT}"]`);
    expect(page.url()).toBe(`${base}/audit/`);
    expect(await page.locator('#who').textContent()).toBe(`Signed in as ada; ${ROLES_CLAIM}: auditor`);
    expect(await page.evaluate(storedValues)).toEqual([]);

    const calls = apiCalls();
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls) {
      expect(call.authorization).toMatch(/^Bearer /);
      const claims = decodeJwt(call.authorization!.slice('Bearer '.length));
      expect({ iss: claims.iss, aud: claims.aud, sub: claims.sub }).toEqual({ iss: idp.issuer, aud: AUDIENCE, sub: 'ada' });
    }
    // The code went to the provider's token endpoint with its verifier, from this page; never to the API.
    const exchange = requests.filter((r) => r.url === `${idp.issuer}/token`);
    expect(exchange.map((r) => r.from)).toEqual([`${base}/audit/`]);
    // The provider's redirect brought the code to the page, which took it out of the address bar and sent it nowhere else.
    const carryingCode = requests.slice(firstRequest).filter((r) => r.url.startsWith(base) && /[?&]code=/.test(r.url));
    expect(carryingCode.map((r) => new URL(r.url).pathname)).toEqual(['/audit/']);
    expect(carryingCode.map((r) => new URL(r.from).origin)).toEqual([idp.issuer]);
  }, 30_000);

  it("opens a trial's audit trail through the API", async () => {
    await page.click(`button[data-open="${NCT}"]`);
    await page.waitForSelector('#trail tbody tr[data-revision="2"]');
    expect(await page.locator('#trail').innerText()).toContain('Ethics approval granted');
    expect(await page.evaluate(storedValues)).toEqual([]);
  });

  it('signs out at the provider too: the page forgets the token and the next sign-in asks for a login again', async () => {
    await page.click('#sign-out-button');
    await page.click('button[name=logout][value=yes]');
    await page.waitForURL(`${base}/audit/`);
    await page.waitForSelector('#sign-in-button:visible');
    expect(await page.locator('#who').textContent()).toBe('');
    expect(await page.locator('#trials tbody tr, #trail tbody tr').count()).toBe(0);
    expect(await page.evaluate(storedValues)).toEqual([]);
    const callsBefore = apiCalls().length;
    await page.click('#sign-in-button');
    await page.waitForSelector('input[name=login]');
    expect(new URL(page.url()).origin).toBe(idp.issuer);
    expect(apiCalls().length).toBe(callsBefore);
  }, 30_000);

  it('shows a reader that their role may not read the audit trail (403 from the API)', async () => {
    await logIn('rita');
    await page.waitForSelector(`#trials tr[data-nct-id="${NCT}"]`);
    expect(await page.locator('#who').textContent()).toBe(`Signed in as rita; ${ROLES_CLAIM}: reader`);
    const refused = page.waitForResponse((r) => r.url().startsWith(`${base}/trials/${NCT}/history`));
    await page.click(`button[data-open="${NCT}"]`);
    expect((await refused).status()).toBe(403);
    await page.waitForFunction(() =>
      (globalThis as unknown as { document: { querySelector(s: string): unknown } }).document.querySelector('#status.error'),
    );
    expect(await status()).toMatch(/^This token's role may not read that/);
    expect(await page.locator('#trail tbody tr').count()).toBe(0);
  }, 30_000);

  it(
    'asks for a new sign-in once the API refuses the expired token',
    async () => {
      const [token] = apiCalls()
        .map((r) => r.authorization!)
        .filter((header) => decodeJwt(header.slice('Bearer '.length)).sub === 'rita');
      expect(token).toMatch(/^Bearer /);
      const refused = async () => (await fetch(`${base}/trials`, { headers: { Authorization: token } })).status === 401;
      await waitFor(refused, "the API to refuse rita's expired token", { timeoutMs: (TOKEN_SECONDS + 30) * 1000, everyMs: 500 });
      await page.click(`button[data-open="${NCT}"]`);
      await page.waitForSelector('#sign-in-button:visible');
      expect(await status()).toBe('Your sign-in has expired or the API refused it: sign in again.');
      expect(await page.locator('#trials tbody tr').count()).toBe(0);
      expect(await page.locator('#trial-section').isVisible()).toBe(false);
      expect(await page.locator('#who').textContent()).toBe('');
    },
    (TOKEN_SECONDS + 60) * 1000,
  );

  it('reached no host other than the API and the provider, and logged no error on its own page', () => {
    const fromThePage = requests.filter((r) => r.from.startsWith(base));
    const elsewhere = fromThePage.filter((r) => ![base, idp.issuer].includes(new URL(r.url).origin));
    expect(elsewhere).toEqual([]);
    // The bearer token went nowhere but the API.
    expect(requests.filter((r) => r.authorization !== undefined && !r.url.startsWith(base))).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
