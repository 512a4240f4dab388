import { ConfigError, loadConfig } from './app-config';

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('loadConfig accepted the configuration');
};

const KEYCLOAK = { OIDC_ISSUER: 'https://sso.example.org/realms/trials', OIDC_AUDIENCE: 'trial-ledger-api' };

describe('loadConfig: authentication', () => {
  it('stays in embedded mode when OIDC_ISSUER is unset', () => {
    expect(loadConfig({ JWT_SECRET: 'a-secret-of-at-least-thirty-two-characters' })).toMatchObject({
      jwtSecret: 'a-secret-of-at-least-thirty-two-characters',
      oidc: null,
    });
  });

  it('reads OIDC mode with its defaults', () => {
    expect(loadConfig(KEYCLOAK).oidc).toEqual({
      issuer: 'https://sso.example.org/realms/trials',
      audience: 'trial-ledger-api',
      rolesClaim: 'roles',
      roleMap: null,
      clockSkewSeconds: 30,
      clientId: null,
      scopes: ['openid'],
    });
  });

  it('reads every OIDC setting', () => {
    const oidc = loadConfig({
      ...KEYCLOAK,
      OIDC_ROLES_CLAIM: 'realm_access.roles',
      OIDC_ROLE_MAP: 'ledger-ops=operator, ledger-audit = auditor,cn=readers=reader',
      OIDC_CLOCK_SKEW_SECONDS: '0',
      OIDC_CLIENT_ID: 'audit-page',
      OIDC_SCOPES: 'openid profile',
    }).oidc;
    expect(oidc).toMatchObject({
      rolesClaim: 'realm_access.roles',
      clockSkewSeconds: 0,
      clientId: 'audit-page',
      scopes: ['openid', 'profile'],
    });
    expect([...oidc!.roleMap!]).toEqual([
      ['ledger-ops', 'operator'],
      ['ledger-audit', 'auditor'],
      ['cn=readers', 'reader'],
    ]);
  });

  it('lets two claim values map to the same role', () => {
    expect([...loadConfig({ ...KEYCLOAK, OIDC_ROLE_MAP: 'a=reader,b=reader,a=reader' }).oidc!.roleMap!]).toEqual([
      ['a', 'reader'],
      ['b', 'reader'],
    ]);
  });

  it('names every bad OIDC setting at once', () => {
    expect(
      problemsOf({
        OIDC_ISSUER: 'sso.example.org',
        OIDC_ROLES_CLAIM: 'realm_access..roles',
        OIDC_ROLE_MAP: 'ops=operator,admins=admin,readers,=reader,ops=auditor',
        OIDC_CLOCK_SKEW_SECONDS: '3600',
      }),
    ).toEqual([
      'OIDC_ISSUER must be an http(s) URL without query or fragment, got "sso.example.org"',
      'OIDC_AUDIENCE is required with OIDC_ISSUER: the `aud` this API accepts',
      'OIDC_ROLES_CLAIM must be a claim name or dot path like realm_access.roles, got "realm_access..roles"',
      'OIDC_ROLE_MAP maps "admins" to unknown role "admin" (roles: operator, auditor, reader)',
      'OIDC_ROLE_MAP entries must read value=role, got "readers"',
      'OIDC_ROLE_MAP entries must read value=role, got "=reader"',
      'OIDC_ROLE_MAP maps "ops" to both operator and auditor',
      'OIDC_CLOCK_SKEW_SECONDS must be a whole number from 0 to 300, got "3600"',
    ]);
  });

  it('refuses an issuer with a query, and a non-web URL', () => {
    expect(problemsOf({ ...KEYCLOAK, OIDC_ISSUER: 'https://sso.example.org/?tenant=1' })).toEqual([
      'OIDC_ISSUER must be an http(s) URL without query or fragment, got "https://sso.example.org/?tenant=1"',
    ]);
    expect(problemsOf({ ...KEYCLOAK, OIDC_ISSUER: 'ftp://sso.example.org' })).toHaveLength(1);
  });

  it("refuses an audience equal to the page's client id, whose ID tokens would pass for access tokens", () => {
    expect(problemsOf({ ...KEYCLOAK, OIDC_CLIENT_ID: 'trial-ledger-api' })).toEqual([
      "OIDC_AUDIENCE must not be the auditor page's OIDC_CLIENT_ID: its ID tokens would pass for access tokens",
    ]);
  });

  it('refuses OIDC settings without OIDC_ISSUER rather than running in embedded mode', () => {
    expect(problemsOf({ OIDC_AUDIENCE: 'api', OIDC_ROLE_MAP: 'x=reader' })).toEqual([
      'OIDC_AUDIENCE, OIDC_ROLE_MAP set without OIDC_ISSUER',
    ]);
  });
});
