import { EmbeddedTokenVerifier } from './embedded-token-verifier';
import { OidcTokenSettings } from './oidc/oidc-token';
import { OidcTokenVerifier } from './oidc/oidc-token-verifier';
import { TokenVerifier } from './token-verifier';

export interface AuthOptions {
  /** Embedded mode's HS256 secret; unused when `oidc` is set. */
  jwtSecret: string;
  /** Set: OIDC mode (OIDC_* settings, whose OidcConfig carries these and more). */
  oidc?: OidcTokenSettings | null;
}

export const tokenVerifierFor = (options: AuthOptions): TokenVerifier =>
  options.oidc ? new OidcTokenVerifier(options.oidc) : new EmbeddedTokenVerifier(options.jwtSecret);
