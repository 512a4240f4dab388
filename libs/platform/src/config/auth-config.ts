import { ROLES, Role } from '../auth/roles';
import { Env, integer } from './env-readers';

/** Where bearer tokens come from when an organisation's OpenID provider issues them (OIDC_* settings). */
export interface OidcConfig {
  /** Compared byte for byte with the discovery document's and every token's `iss`. */
  issuer: string;
  /** The `aud` a token must carry to be accepted here. */
  audience: string;
  /** Dot path of the claim holding the caller's roles or groups, e.g. `realm_access.roles`. */
  rolesClaim: string;
  /** Claim value -> role; null: a claim value must be a role's own name. */
  roleMap: ReadonlyMap<string, Role> | null;
  clockSkewSeconds: number;
  /** The auditor page's public client id at the provider; null: the page cannot sign in. */
  clientId: string | null;
  /** What the auditor page asks for when it signs in. */
  scopes: string[];
}

export interface AuthConfig {
  /** Absent in embedded mode means: generate one into DATA_DIR on first start. */
  jwtSecret: string | undefined;
  /** Null: embedded mode, HS256 tokens signed with the data directory's secret. */
  oidc: OidcConfig | null;
}

const OIDC_DEPENDENT = ['OIDC_AUDIENCE', 'OIDC_ROLES_CLAIM', 'OIDC_ROLE_MAP', 'OIDC_CLOCK_SKEW_SECONDS', 'OIDC_CLIENT_ID', 'OIDC_SCOPES'];
const CLAIM_PATH = /^[^.\s]+(\.[^.\s]+)*$/;

const isWebUrl = (value: string): boolean => {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.search === '' && url.hash === '';
  } catch {
    return false;
  }
};

const nonEmpty = (env: Env, name: string): string | undefined => {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
};

/**
 * `value=role,value=role`. A value may itself contain `=` (the role is after the last one), not a comma. The same
 * value mapped to two roles is a mistake to report, never a choice to make.
 */
export const parseRoleMap = (raw: string, problems: string[]): Map<string, Role> => {
  const map = new Map<string, Role>();
  for (const entry of raw.split(',').map((e) => e.trim())) {
    const at = entry.lastIndexOf('=');
    const value = entry.slice(0, at).trim();
    const role = entry.slice(at + 1).trim();
    if (at < 0 || value === '' || role === '') {
      problems.push(`OIDC_ROLE_MAP entries must read value=role, got "${entry}"`);
    } else if (!ROLES.includes(role as Role)) {
      problems.push(`OIDC_ROLE_MAP maps "${value}" to unknown role "${role}" (roles: ${ROLES.join(', ')})`);
    } else if (map.has(value) && map.get(value) !== role) {
      problems.push(`OIDC_ROLE_MAP maps "${value}" to both ${map.get(value)} and ${role}`);
    } else {
      map.set(value, role as Role);
    }
  }
  return map;
};

const loadOidcConfig = (env: Env, issuer: string, problems: string[]): OidcConfig => {
  if (!isWebUrl(issuer)) problems.push(`OIDC_ISSUER must be an http(s) URL without query or fragment, got "${issuer}"`);
  const audience = nonEmpty(env, 'OIDC_AUDIENCE');
  if (audience === undefined) problems.push('OIDC_AUDIENCE is required with OIDC_ISSUER: the `aud` this API accepts');
  const rolesClaim = nonEmpty(env, 'OIDC_ROLES_CLAIM') ?? 'roles';
  if (!CLAIM_PATH.test(rolesClaim))
    problems.push(`OIDC_ROLES_CLAIM must be a claim name or dot path like realm_access.roles, got "${rolesClaim}"`);
  const rawMap = nonEmpty(env, 'OIDC_ROLE_MAP');
  const clientId = nonEmpty(env, 'OIDC_CLIENT_ID') ?? null;
  // An ID token's `aud` is the client it was issued to: were that the API's audience, the page's ID tokens would
  // pass for access tokens.
  if (clientId !== null && clientId === audience) {
    problems.push("OIDC_AUDIENCE must not be the auditor page's OIDC_CLIENT_ID: its ID tokens would pass for access tokens");
  }
  return {
    issuer,
    audience: audience ?? '',
    rolesClaim,
    roleMap: rawMap === undefined ? null : parseRoleMap(rawMap, problems),
    clockSkewSeconds: integer(env, 'OIDC_CLOCK_SKEW_SECONDS', 30, 0, 300, problems),
    clientId,
    scopes: (nonEmpty(env, 'OIDC_SCOPES') ?? 'openid').split(/[\s,]+/),
  };
};

export const loadAuthConfig = (env: Env, problems: string[]): AuthConfig => {
  const jwtSecret = env.JWT_SECRET;
  if (jwtSecret !== undefined && jwtSecret.length < 32) problems.push('JWT_SECRET must be at least 32 characters (HS256 needs 256 bits)');
  const issuer = nonEmpty(env, 'OIDC_ISSUER');
  if (issuer === undefined) {
    // A lone OIDC_* setting is a half-done configuration: running in embedded mode would hide it.
    const stray = OIDC_DEPENDENT.filter((name) => nonEmpty(env, name) !== undefined);
    if (stray.length > 0) problems.push(`${stray.join(', ')} set without OIDC_ISSUER`);
    return { jwtSecret, oidc: null };
  }
  return { jwtSecret, oidc: loadOidcConfig(env, issuer, problems) };
};
