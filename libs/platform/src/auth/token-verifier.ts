import { Caller } from './roles';

/** The port the guards authenticate through: embedded HS256 tokens or an OpenID provider's, never both. */
export abstract class TokenVerifier {
  /** The caller a bearer token speaks for; rejects with one of the errors below. */
  abstract verify(token: string): Promise<Caller>;
}

/** The token itself is bad (signature, issuer, audience, expiry, algorithm, form): 401. */
export class InvalidTokenError extends Error {}

/** The token may be good, but the keys to check it could not be had: 401 until the provider answers again. */
export class IdentityProviderUnreachableError extends Error {}

/** A genuine token that grants no role here, or more than one: 403, since the caller is known. */
export class NoRoleError extends Error {}
