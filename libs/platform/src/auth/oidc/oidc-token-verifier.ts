import { Caller } from '../roles';
import { TokenVerifier } from '../token-verifier';
import { IdentityProviderKeys, KEY_FETCH_BOUNDS, KeyFetchBounds } from './identity-provider-keys';
import { OidcTokenSettings, verifyOidcToken } from './oidc-token';

/**
 * OIDC mode: tokens the configured provider issued. No verdict is cached, unlike embedded mode's: a key the
 * provider withdrew must stop working as soon as the key set is refetched, and a signature check against a
 * cached key costs far less than the request it guards.
 */
export class OidcTokenVerifier extends TokenVerifier {
  private readonly keys: IdentityProviderKeys;

  constructor(
    private readonly settings: OidcTokenSettings,
    bounds: KeyFetchBounds = KEY_FETCH_BOUNDS,
  ) {
    super();
    this.keys = new IdentityProviderKeys(settings.issuer, bounds);
  }

  verify(token: string): Promise<Caller> {
    return verifyOidcToken(token, this.keys.getKey, this.settings);
  }
}
