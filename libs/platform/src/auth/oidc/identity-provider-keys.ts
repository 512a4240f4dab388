import { Logger } from '@nestjs/common';
import { createRemoteJWKSet, errors, JWTVerifyGetKey } from 'jose';
import { IdentityProviderUnreachableError } from '../token-verifier';

export interface KeyFetchBounds {
  /** How long one fetch of discovery or of the key set may take. */
  timeoutMs: number;
  /** After a failed fetch, tokens are refused without asking again for this long: a flood never hammers the provider. */
  retryAfterMs: number;
  /** Least time between two key-set refetches that a token with an unknown key id triggers (key rotation). */
  cooldownMs: number;
}

export const KEY_FETCH_BOUNDS: KeyFetchBounds = { timeoutMs: 5000, retryAfterMs: 1000, cooldownMs: 10_000 };

interface Discovery {
  issuer?: unknown;
  jwks_uri?: unknown;
}

/**
 * The provider's signing keys, found through its discovery document on first need (never at start: the API
 * starts and serves its public routes while the provider is down) and cached by jose, which refetches the set
 * when a token names a key id it lacks. A failed fetch is remembered briefly and reported as the reason.
 */
export class IdentityProviderKeys {
  private readonly logger = new Logger('OpenIdConnect');
  private jwks: JWTVerifyGetKey | null = null;
  private discovering: Promise<JWTVerifyGetKey> | null = null;
  private failure: { atMs: number; reason: string } | null = null;

  constructor(
    private readonly issuer: string,
    private readonly bounds: KeyFetchBounds = KEY_FETCH_BOUNDS,
  ) {}

  /** For jose's jwtVerify: the key a token's header names. */
  readonly getKey: JWTVerifyGetKey = async (header, token) => {
    if (this.failure && Date.now() - this.failure.atMs < this.bounds.retryAfterMs) {
      throw new IdentityProviderUnreachableError(this.failure.reason);
    }
    try {
      const jwks = this.jwks ?? (await this.discover());
      const key = await jwks(header, token);
      this.recovered();
      return key;
    } catch (error) {
      if (isVerdict(error)) {
        this.recovered();
        throw error;
      }
      throw this.failed(error);
    }
  };

  private discover(): Promise<JWTVerifyGetKey> {
    this.discovering ??= this.fetchDiscovery().finally(() => (this.discovering = null));
    return this.discovering;
  }

  private async fetchDiscovery(): Promise<JWTVerifyGetKey> {
    const url = `${this.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
    const response = await fetch(url, { signal: AbortSignal.timeout(this.bounds.timeoutMs) }).catch((error: unknown) => {
      throw new Error(`discovery at ${url} failed: ${causeOf(error)}`);
    });
    if (response.status !== 200) throw new Error(`discovery at ${url} answered ${response.status}`);
    const discovery = (await response.json().catch(() => ({}))) as Discovery;
    // OpenID Connect Discovery 1.0, section 4.3: the document must name exactly the issuer it was fetched for.
    if (discovery.issuer !== this.issuer)
      throw new Error(`discovery at ${url} names issuer ${String(discovery.issuer)}, not ${this.issuer}`);
    if (typeof discovery.jwks_uri !== 'string' || !URL.canParse(discovery.jwks_uri)) throw new Error(`discovery at ${url} has no jwks_uri`);
    this.jwks = createRemoteJWKSet(new URL(discovery.jwks_uri), {
      timeoutDuration: this.bounds.timeoutMs,
      cooldownDuration: this.bounds.cooldownMs,
    });
    return this.jwks;
  }

  private failed(error: unknown): IdentityProviderUnreachableError {
    const reason = error instanceof IdentityProviderUnreachableError ? error.message : causeOf(error);
    if (this.failure === null) this.logger.warn(`Identity provider ${this.issuer} unreachable, OIDC tokens are refused: ${reason}`);
    this.failure = { atMs: Date.now(), reason };
    return new IdentityProviderUnreachableError(reason);
  }

  private recovered(): void {
    if (this.failure === null) return;
    this.failure = null;
    this.logger.log(`Identity provider ${this.issuer} reachable again`);
  }
}

/** jose's verdicts on a token (subclasses of JOSEError), as opposed to a failure to fetch the keys. */
const isVerdict = (error: unknown): boolean =>
  error instanceof errors.JOSEError && error.constructor !== errors.JOSEError && !(error instanceof errors.JWKSTimeout);

/** fetch's "fetch failed" hides the reason (ECONNREFUSED, a timeout) in its cause. */
const causeOf = (error: unknown): string => {
  const { message, cause } = error as { message?: unknown; cause?: { message?: unknown; code?: unknown } };
  const inner = cause?.code ?? cause?.message;
  return inner === undefined ? String(message ?? error) : `${String(message)} (${String(inner)})`;
};
