/** The page's own sign-in: a pasted token minted with `cli token` (embedded HS256 mode). */
export interface TokenSignIn {
  mode: 'token';
}

/**
 * Sign-in through the organisation's OpenID provider, authorization code with PKCE, as a public client: nothing
 * here is secret, since every browser that opens the page reads it.
 */
export interface OidcSignIn {
  mode: 'oidc';
  /** The issuer the API trusts; the page discovers its endpoints from `<issuer>/.well-known/openid-configuration`. */
  issuer: string;
  /** The page's public client id at the provider; null when OIDC_CLIENT_ID is unset, and the page cannot sign in. */
  clientId: string | null;
  /** Space-separated, as the authorization request sends them. */
  scope: string;
  /** The API's audience: the access token must carry it, so it is asked for as an RFC 8707 resource indicator. */
  resource: string;
  /** Where the access token holds the roles (OIDC_ROLES_CLAIM), so the page can show whom it signed in as what. */
  rolesClaim: string;
}

/** What `GET /audit/config.json` answers: how the auditor page signs in. */
export type AuditPageConfig = TokenSignIn | OidcSignIn;

/** The settings the page needs from the API's OpenID configuration (OIDC_* in libs/platform/src/config). */
export interface OidcPageSettings {
  issuer: string;
  audience: string;
  clientId?: string | null;
  scopes: string | readonly string[];
  rolesClaim: string;
}

export const auditPageConfig = (oidc: OidcPageSettings | null | undefined): AuditPageConfig =>
  oidc
    ? {
        mode: 'oidc',
        issuer: oidc.issuer,
        clientId: oidc.clientId ?? null,
        scope: [oidc.scopes].flat().join(' '),
        resource: oidc.audience,
        rolesClaim: oidc.rolesClaim,
      }
    : { mode: 'token' };

const originOf = (url: string): string => new URL(url).origin;

/**
 * Self only, as the page loads nothing from elsewhere and talks to this API, so an injected script or a tampered
 * dependency could neither run inline nor send the auditor's token to another host. With OpenID Connect the page
 * must also read the provider's discovery document and exchange the code at its token endpoint: the issuer's
 * origin, and that origin only, is added to connect-src. The redirect to the authorization endpoint is a
 * top-level navigation, which no CSP directive governs, so nothing else is relaxed.
 */
export const auditPageCsp = (config: AuditPageConfig): string =>
  [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    config.mode === 'oidc' ? `connect-src 'self' ${originOf(config.issuer)}` : "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');

/** The injection token of the page's AuditPageConfig. */
export const AUDIT_PAGE_CONFIG = Symbol('AuditPageConfig');
