import { auditPageConfig, auditPageCsp } from './audit-page-config';

const KEYCLOAK = {
  issuer: 'https://login.hospital.test/realms/trials',
  audience: 'https://ledger.hospital.test/api',
  clientId: 'audit-page',
  scopes: ['openid', 'profile'],
  rolesClaim: 'realm_access.roles',
};

describe('the auditor page configuration', () => {
  it('given no OpenID provider, when the page asks, then it is told to take a pasted token', () => {
    expect(auditPageConfig(null)).toEqual({ mode: 'token' });
    expect(auditPageConfig(undefined)).toEqual({ mode: 'token' });
  });

  it("given a provider, when the page asks, then it gets the issuer, its client, the scopes as one string and the API's audience as resource", () => {
    expect(auditPageConfig(KEYCLOAK)).toEqual({
      mode: 'oidc',
      issuer: KEYCLOAK.issuer,
      clientId: 'audit-page',
      scope: 'openid profile',
      resource: KEYCLOAK.audience,
      rolesClaim: 'realm_access.roles',
    });
  });

  it('given a provider but no client id, when the page asks, then the client id is null (the page says it cannot sign in)', () => {
    expect(auditPageConfig({ ...KEYCLOAK, clientId: null })).toMatchObject({ mode: 'oidc', clientId: null });
  });

  it("given each mode, when the policy is built, then only the OpenID mode adds one origin, the issuer's, to connect-src", () => {
    const embedded = auditPageCsp({ mode: 'token' });
    const oidc = auditPageCsp(auditPageConfig(KEYCLOAK));
    expect(embedded).toContain("connect-src 'self';");
    expect(oidc).toBe(embedded.replace("connect-src 'self'", "connect-src 'self' https://login.hospital.test"));
  });
});
