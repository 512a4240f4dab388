import { NoRoleError } from '../token-verifier';
import { roleFromClaims } from './role-claims';

const KEYCLOAK = { rolesClaim: 'realm_access.roles', roleMap: null };
const GROUPS = {
  rolesClaim: 'groups',
  roleMap: new Map([
    ['ledger-operators', 'operator'],
    ['3f2a9c1e-auditors', 'auditor'],
    ['ledger-readers', 'reader'],
    ['all-staff', 'reader'],
  ] as const),
};

const refused = (claims: Record<string, unknown>, settings: Parameters<typeof roleFromClaims>[1], reason: RegExp): void => {
  expect(() => roleFromClaims(claims, settings)).toThrow(NoRoleError);
  expect(() => roleFromClaims(claims, settings)).toThrow(reason);
};

describe('roleFromClaims', () => {
  it('reads a role name at a dot path, ignoring the values that are no role (Keycloak)', () => {
    const claims = { realm_access: { roles: ['offline_access', 'default-roles-trials', 'auditor'] } };
    expect(roleFromClaims(claims, KEYCLOAK)).toBe('auditor');
  });

  it('reads a top-level claim (Entra app roles), a list or a single string', () => {
    expect(roleFromClaims({ roles: ['operator'] }, { rolesClaim: 'roles', roleMap: null })).toBe('operator');
    expect(roleFromClaims({ roles: 'reader' }, { rolesClaim: 'roles', roleMap: null })).toBe('reader');
  });

  it('maps groups through the role map, and without it never takes a group name as a role', () => {
    expect(roleFromClaims({ groups: ['everyone', 'ledger-operators'] }, GROUPS)).toBe('operator');
    expect(roleFromClaims({ groups: ['3f2a9c1e-auditors'] }, GROUPS)).toBe('auditor');
    refused({ groups: ['operator'] }, GROUPS, /no value of the groups claim grants a role/);
  });

  it('takes one role reached through two values', () => {
    expect(roleFromClaims({ groups: ['ledger-readers', 'all-staff'] }, GROUPS)).toBe('reader');
  });

  it('refuses values granting two roles, whatever their order', () => {
    refused({ groups: ['ledger-readers', 'ledger-operators'] }, GROUPS, /grants several roles \(operator, reader\)/);
    refused({ groups: ['ledger-operators', 'ledger-readers'] }, GROUPS, /grants several roles \(operator, reader\)/);
    refused({ realm_access: { roles: ['auditor', 'operator'] } }, KEYCLOAK, /several roles \(auditor, operator\)/);
  });

  it('reads only the configured claim: a role elsewhere in the token is no role', () => {
    refused({ role: 'operator', roles: ['operator'], realm_access: {} }, KEYCLOAK, /no realm_access\.roles claim/);
    refused({ role: 'operator' }, KEYCLOAK, /no realm_access\.roles claim/);
    refused({ realm_access: 'operator' }, KEYCLOAK, /no realm_access\.roles claim/);
  });

  it('refuses a claim that is not strings, and one with no role in it', () => {
    refused({ realm_access: { roles: [{ name: 'operator' }] } }, KEYCLOAK, /not a list of strings/);
    refused({ realm_access: { roles: [] } }, KEYCLOAK, /no value of the realm_access\.roles claim grants a role/);
  });
});
