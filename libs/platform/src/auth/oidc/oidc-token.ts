import { decodeProtectedHeader, errors, JWTVerifyGetKey, jwtVerify } from 'jose';
import { Caller } from '../roles';
import { IdentityProviderUnreachableError, InvalidTokenError } from '../token-verifier';
import { RoleClaimSettings, roleFromClaims } from './role-claims';

/** Signatures an identity provider makes with its private key; HMAC and `none` would let a token vouch for itself. */
export const OIDC_ALGORITHMS = ['RS256', 'PS256', 'ES256', 'EdDSA'];

export interface OidcTokenSettings extends RoleClaimSettings {
  issuer: string;
  audience: string;
  clockSkewSeconds: number;
}

const algorithmOf = (token: string): string => {
  try {
    return String(decodeProtectedHeader(token).alg);
  } catch {
    throw new InvalidTokenError('it is not a JWT');
  }
};

/**
 * Checks a token from the configured provider: signature by one of its published keys, algorithm, issuer,
 * audience, expiry (required) and not-before, each with the configured clock skew; then the role claim.
 */
export const verifyOidcToken = async (token: string, keys: JWTVerifyGetKey, settings: OidcTokenSettings): Promise<Caller> => {
  const alg = algorithmOf(token);
  if (alg.startsWith('HS')) {
    throw new InvalidTokenError(`${alg} tokens (as \`cli token\` mints) are not accepted here: tokens come from ${settings.issuer}`);
  }
  if (!OIDC_ALGORITHMS.includes(alg)) throw new InvalidTokenError(`algorithm ${alg} is not accepted (${OIDC_ALGORITHMS.join(', ')})`);
  let claims: Record<string, unknown>;
  try {
    ({ payload: claims } = await jwtVerify(token, keys, {
      issuer: settings.issuer,
      audience: settings.audience,
      algorithms: OIDC_ALGORITHMS,
      clockTolerance: settings.clockSkewSeconds,
      requiredClaims: ['exp', 'sub'],
    }));
  } catch (error) {
    // The key source reports its own failures as IdentityProviderUnreachableError; everything else is a verdict.
    if (error instanceof IdentityProviderUnreachableError) throw error;
    throw new InvalidTokenError(error instanceof errors.JWKSNoMatchingKey ? `no key of ${settings.issuer} signed it` : messageOf(error));
  }
  if (typeof claims.sub !== 'string' || claims.sub === '') throw new InvalidTokenError('token has no subject');
  return { sub: claims.sub, role: roleFromClaims(claims, settings) };
};

const messageOf = (error: unknown): string => (error instanceof Object && 'message' in error ? String(error.message) : String(error));
