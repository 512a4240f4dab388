import { ROLES, Role } from '../roles';
import { NoRoleError } from '../token-verifier';

export interface RoleClaimSettings {
  /** Dot path into the token's claims, e.g. `realm_access.roles`. */
  rolesClaim: string;
  /** Claim value -> role; null: a value counts only when it is a role's own name. */
  roleMap: ReadonlyMap<string, Role> | null;
}

const claimAt = (claims: Record<string, unknown>, path: string): unknown =>
  path
    .split('.')
    .reduce<unknown>(
      (node, key) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined),
      claims,
    );

const valuesOf = (claim: unknown, path: string): string[] => {
  if (claim === undefined) throw new NoRoleError(`the token has no ${path} claim`);
  // Some providers send a single group or role as a plain string rather than a one-element list.
  const values = Array.isArray(claim) ? claim : [claim];
  if (!values.every((v) => typeof v === 'string')) throw new NoRoleError(`the ${path} claim is not a list of strings`);
  return values as string[];
};

/**
 * The one role a token grants, read from the configured claim only (a `role` claim elsewhere in the token counts
 * for nothing). Values that map to no role are ignored: providers add their own (offline_access, default roles).
 * Values mapping to two different roles are refused as ambiguous rather than ranked: the roles are not nested
 * (an auditor reads the access log, an operator does not; an operator writes, an auditor does not), so no order
 * between them would be right, and the provider's claim order means nothing.
 */
export const roleFromClaims = (claims: Record<string, unknown>, settings: RoleClaimSettings): Role => {
  const path = settings.rolesClaim;
  const values = valuesOf(claimAt(claims, path), path);
  const lookup = (value: string): Role | undefined =>
    settings.roleMap ? settings.roleMap.get(value) : (ROLES as readonly string[]).includes(value) ? (value as Role) : undefined;
  const roles = [...new Set(values.map(lookup).filter((r): r is Role => r !== undefined))];
  if (roles.length === 0) {
    throw new NoRoleError(
      `no value of the ${path} claim grants a role here (${settings.roleMap ? 'see OIDC_ROLE_MAP' : `roles: ${ROLES.join(', ')}`})`,
    );
  }
  if (roles.length > 1)
    throw new NoRoleError(`the ${path} claim grants several roles (${roles.sort().join(', ')}); exactly one is allowed`);
  return roles[0];
};
