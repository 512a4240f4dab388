/**
 * A real OpenID provider (panva's oidc-provider, certified) running inside the test process, for specs that
 * need tokens an identity provider issued rather than ones we sign ourselves.
 *
 *   const idp = await TestIdentityProvider.start({
 *     audience: 'https://ledger.test/api',                 // the `aud` of every access token it issues
 *     accounts: { ana: { realm_access: { roles: ['auditor'] } }, ben: { groups: ['ledger-operators'] } },
 *     publicClient: { redirectUris: ['http://127.0.0.1:3000/audit/'], corsOrigins: ['http://127.0.0.1:3000'] },
 *   });
 *   idp.issuer                 // http://127.0.0.1:<port>, discovery at `${issuer}/.well-known/openid-configuration`
 *   await idp.accessToken({ account: 'ana' })                       // JWT access token (RS256, typ at+jwt)
 *   await idp.accessToken({ sub: 'x', claims: { role: 'operator' } }) // any subject, any extra claims
 *   await idp.accessToken({ account: 'ana', audience: 'https://elsewhere.test', expiresInSeconds: 1 })
 *   await idp.setPublicClient({ redirectUris: [`${api}/audit/`], corsOrigins: [api] })  // once the API's port is known
 *   await idp.rotateKeys()     // a new signing key; the old one leaves the JWKS and signs nothing more
 *   await idp.down(); await idp.up()   // the listener stops (connections refused) and returns on the same port
 *   await idp.close()
 *
 * Non-browser tokens come from the client_credentials grant of a confidential client (`specs`), like a service
 * account: the token endpoint, resource indicators and the provider's own JWT access-token format do the work;
 * the harness only chooses the subject, extra claims and lifetime through extra form fields of that client's
 * token request, so `sub` is the account and the claims are those an IdP would put in its access tokens.
 *
 * The browser flow (authorization code + PKCE S256, required) uses the public client `publicClient.clientId`
 * (default `audit-page`, token_endpoint_auth_method none) with the caller's redirect URIs; CORS on the token
 * endpoint is allowed from `publicClient.corsOrigins`. The provider's development sign-in page is used: a form
 * with `login` and `password` inputs and a submit button; the login is the account id, any password goes. The
 * consent step is skipped (a first-party client), so after sign-in the browser lands on the redirect URI with a
 * code. The access token is issued for `audience` without a `resource` parameter, carrying the account's claims.
 */
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { randomBytes, randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, JWK } from 'jose';
import Provider, { Configuration, KoaContextWithOIDC } from 'oidc-provider';

export type Claims = Record<string, unknown>;

export interface PublicClientOptions {
  clientId?: string;
  redirectUris: string[];
  /** Browser origins allowed to call the token endpoint (the audit page's origin). */
  corsOrigins: string[];
}

export interface TestIdentityProviderOptions {
  audience: string;
  /** Account id -> claims added to its access tokens (and to its ID token / userinfo). */
  accounts?: Record<string, Claims>;
  publicClient?: PublicClientOptions;
  /** Lifetime of every access token unless a request says otherwise; default 600 s. */
  accessTokenSeconds?: number;
}

export interface AccessTokenRequest {
  /** One of the configured accounts: its id is the subject and its claims go in the token. */
  account?: string;
  /** A subject with no configured account (default: the account, else `specs`). */
  sub?: string;
  /** Claims added on top of the account's (a key set to undefined removes an account claim). */
  claims?: Claims;
  audience?: string;
  expiresInSeconds?: number;
}

const SPECS_CLIENT = { client_id: 'specs', client_secret: randomBytes(24).toString('base64url') };
const RESOURCE_SCOPE = 'ledger';
/** Form fields only the specs client's token requests carry; read from the request body, never from a browser. */
type SpecsField = 'test_subject' | 'test_claims' | 'test_ttl';

export class TestIdentityProvider {
  private provider!: Provider;
  private signingKey!: JWK;
  private readonly server: Server;
  private port = 0;

  private constructor(private readonly options: TestIdentityProviderOptions) {
    this.server = createServer((req: IncomingMessage, res: ServerResponse) => this.provider.callback()(req, res));
  }

  static async start(options: TestIdentityProviderOptions): Promise<TestIdentityProvider> {
    const idp = new TestIdentityProvider(options);
    await idp.up();
    await idp.rotateKeys();
    return idp;
  }

  get issuer(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get audience(): string {
    return this.options.audience;
  }

  get publicClientId(): string {
    return this.options.publicClient?.clientId ?? 'audit-page';
  }

  /** The key id tokens are signed with now. */
  get kid(): string {
    return this.signingKey.kid as string;
  }

  async accessToken(request: AccessTokenRequest = {}): Promise<string> {
    const account = request.account === undefined ? undefined : this.accountClaims(request.account);
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: SPECS_CLIENT.client_id,
      client_secret: SPECS_CLIENT.client_secret,
      scope: RESOURCE_SCOPE,
      resource: request.audience ?? this.options.audience,
      test_subject: request.sub ?? request.account ?? SPECS_CLIENT.client_id,
      test_claims: JSON.stringify({ ...account, ...request.claims }),
    });
    if (request.expiresInSeconds !== undefined) body.set('test_ttl', String(request.expiresInSeconds));
    const response = await fetch(`${this.issuer}/token`, { method: 'POST', body });
    const answer = (await response.json()) as { access_token?: string };
    if (!response.ok || answer.access_token === undefined) {
      throw new Error(`The test identity provider refused a token: ${response.status} ${JSON.stringify(answer)}`);
    }
    return answer.access_token;
  }

  /**
   * The public client's redirect URIs and CORS origins, for a caller whose server needs the issuer before it listens
   * (the API's OIDC settings), so its port, and the redirect URI, are known only after the provider started.
   */
  async setPublicClient(publicClient: PublicClientOptions): Promise<void> {
    this.options.publicClient = publicClient;
    this.provider = this.build();
  }

  /** A new signing key replaces the old one, which is gone from the JWKS: as after a provider's key rotation. */
  async rotateKeys(): Promise<void> {
    const { privateKey } = await generateKeyPair('RS256', { extractable: true });
    this.signingKey = { ...(await exportJWK(privateKey)), kid: randomUUID(), alg: 'RS256', use: 'sig' };
    this.provider = this.build();
  }

  /** Discovery, JWKS and token endpoints stop answering (connection refused) until `up()`. */
  async down(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.close((error) => (error ? reject(error) : resolve()));
      this.server.closeAllConnections();
    });
  }

  /** Listens again, on the same port once it had one, so the issuer URL stays the same. */
  async up(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.port, '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.port = (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    if (this.server.listening) await this.down();
  }

  private accountClaims(id: string): Claims {
    const claims = this.options.accounts?.[id];
    if (claims === undefined) throw new Error(`The test identity provider has no account "${id}"`);
    return claims;
  }

  private build(): Provider {
    const provider = new Provider(this.issuer, this.configuration());
    // Errors the provider answers to clients are expected in specs; only unexpected server errors should show.
    provider.on('server_error', (_ctx: unknown, error: Error) => console.error('test identity provider:', error));
    return provider;
  }

  private configuration(): Configuration {
    const { audience, publicClient } = this.options;
    const corsOrigins = publicClient?.corsOrigins ?? [];
    const accounts = this.options.accounts ?? {};
    return {
      clients: [
        {
          ...SPECS_CLIENT,
          grant_types: ['client_credentials'],
          response_types: [],
          redirect_uris: [],
          token_endpoint_auth_method: 'client_secret_post',
        },
        {
          client_id: this.publicClientId,
          token_endpoint_auth_method: 'none',
          grant_types: ['authorization_code'],
          response_types: ['code'],
          redirect_uris: publicClient?.redirectUris ?? [],
          // RP-Initiated Logout returns the browser to the same page it signed in from.
          post_logout_redirect_uris: publicClient?.redirectUris ?? [],
        },
      ],
      jwks: { keys: [this.signingKey] },
      cookies: { keys: [randomBytes(24).toString('base64url')] },
      pkce: { required: () => true, methods: ['S256'] },
      clientBasedCORS: (_ctx, origin) => corsOrigins.includes(origin),
      features: {
        devInteractions: { enabled: true },
        clientCredentials: { enabled: true },
        resourceIndicators: {
          enabled: true,
          defaultResource: () => audience,
          useGrantedResource: () => true,
          getResourceServerInfo: (_ctx: unknown, resource: string) => ({
            scope: RESOURCE_SCOPE,
            audience: resource,
            accessTokenFormat: 'jwt',
            accessTokenTTL: this.options.accessTokenSeconds ?? 600,
            jwt: { sign: { alg: 'RS256' } },
          }),
        },
      },
      ttl: {
        AccessToken: this.options.accessTokenSeconds ?? 600,
        IdToken: 600,
        Interaction: 600,
        Grant: 3600,
        Session: 3600,
        ClientCredentials: (ctx) => Number(specsField(ctx, 'test_ttl') ?? this.options.accessTokenSeconds ?? 600),
      },
      findAccount: (_ctx, id) => (id in accounts ? { accountId: id, claims: () => ({ sub: id, ...accounts[id] }) } : undefined),
      claims: { openid: ['sub'] },
      extraTokenClaims: (ctx, token) => (token.accountId ? accounts[token.accountId] : specsClaims(ctx)),
      formats: {
        customizers: {
          jwt: (ctx, token, jwt) => {
            const subject = specsField(ctx, 'test_subject');
            if (token.kind === 'ClientCredentials' && subject !== undefined) jwt.payload.sub = subject;
          },
        },
      },
      // A first-party client: after sign-in the grant covers what it asked for, with no consent page.
      loadExistingGrant: async (ctx) => {
        const accountId = ctx.oidc.session?.accountId;
        if (accountId === undefined || ctx.oidc.client?.clientId !== this.publicClientId) return undefined;
        const grant = new ctx.oidc.provider.Grant({ clientId: this.publicClientId, accountId });
        grant.addOIDCScope('openid');
        grant.addResourceScope(audience, RESOURCE_SCOPE);
        await grant.save();
        return grant;
      },
    };
  }
}

const specsField = (ctx: KoaContextWithOIDC, name: SpecsField): string | undefined => {
  if (ctx.oidc.client?.clientId !== SPECS_CLIENT.client_id) return undefined;
  const value = ctx.oidc.body?.[name];
  return typeof value === 'string' ? value : undefined;
};

const specsClaims = (ctx: KoaContextWithOIDC): Claims => {
  const raw = specsField(ctx, 'test_claims');
  const claims = raw === undefined ? {} : (JSON.parse(raw) as Claims);
  return Object.fromEntries(Object.entries(claims).filter(([, value]) => value !== undefined && value !== null));
};
