// Authorization code with PKCE (RFC 7636) for a public client in the browser, as OAuth 2.0 for Browser-Based Apps
// advises. The page keeps the access token in a module variable (api.js), never in storage: a script injected
// later, another tab or anyone reading the profile on disk finds nothing. Only the round trip's verifier, state
// and nonce sit in sessionStorage, from the redirect to the provider until the page is back, and are removed
// before the code is exchanged.
const PENDING_KEY = 'trial-ledger.audit.oidc-pending';

export class SignInError extends Error {}

const base64url = (bytes) =>
  btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

/** 256 bits from the browser's CSPRNG, as a URL-safe string (43 characters, within PKCE's 43-128). */
const randomToken = () => base64url(crypto.getRandomValues(new Uint8Array(32)));

const s256 = async (verifier) => base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));

/** A JWT's claims, read without checking its signature: for display and for the nonce, never for a decision the API makes. */
export const claimsOf = (jwt) => {
  const payload = String(jwt).split('.')[1];
  if (!payload) return {};
  const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
  try {
    return JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0))));
  } catch {
    return {};
  }
};

/** Where the provider sends the auditor back: this page, as registered with the provider's client. */
export const redirectUri = () => `${location.origin}/audit/`;

/**
 * The provider's endpoints from its discovery document (OpenID Connect Discovery 1.0). The document must name the
 * configured issuer, so a misconfigured URL fails here rather than with tokens the API then refuses.
 */
export const discover = async (issuer) => {
  const response = await fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`, { credentials: 'omit' });
  if (!response.ok) throw new SignInError(`The provider's discovery document answered ${response.status}`);
  const metadata = await response.json();
  if (metadata.issuer !== issuer) throw new SignInError(`The provider names itself ${metadata.issuer}, not ${issuer}`);
  return metadata;
};

/** Leaves for the provider's login; the promise never settles, as the page is unloaded. */
export const beginSignIn = async (config, metadata) => {
  const pending = { verifier: randomToken(), state: randomToken(), nonce: randomToken() };
  sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
  const url = new URL(metadata.authorization_endpoint);
  const params = {
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: redirectUri(),
    scope: config.scope,
    state: pending.state,
    nonce: pending.nonce,
    code_challenge: await s256(pending.verifier),
    code_challenge_method: 'S256',
  };
  // RFC 8707: the API's audience, so the access token is issued for the API (and only it).
  if (config.resource) params.resource = config.resource;
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  location.assign(url.toString());
  return new Promise(() => {});
};

/** Takes what the round trip left (once: it is removed at once, whatever follows). */
const takePending = () => {
  const text = sessionStorage.getItem(PENDING_KEY);
  sessionStorage.removeItem(PENDING_KEY);
  return text ? JSON.parse(text) : null;
};

/** The authorization response's parameters, after removing them from the address bar and the history entry. */
const takeResponse = () => {
  const params = new URLSearchParams(location.search);
  if (!params.has('code') && !params.has('error')) return null;
  history.replaceState(null, '', location.pathname);
  return params;
};

const checkResponse = (config, params, pending) => {
  if (params.has('error')) {
    throw new SignInError(`The provider refused the sign-in: ${params.get('error')} ${params.get('error_description') ?? ''}`.trim());
  }
  if (!pending || params.get('state') !== pending.state)
    throw new SignInError('The sign-in answer does not match the request this page made');
  // RFC 9207: a provider that names itself in the answer must be the one the page asked.
  if (params.has('iss') && params.get('iss') !== config.issuer) throw new SignInError(`The answer came from ${params.get('iss')}`);
};

const exchangeCode = async (config, metadata, code, pending) => {
  const body = new URLSearchParams({
    grant_type: 'authorization_code',
    code,
    redirect_uri: redirectUri(),
    client_id: config.clientId,
    code_verifier: pending.verifier,
  });
  if (config.resource) body.set('resource', config.resource);
  const response = await fetch(metadata.token_endpoint, { method: 'POST', body, credentials: 'omit', cache: 'no-store' });
  const answer = await response.json().catch(() => ({}));
  if (!response.ok)
    throw new SignInError(`The provider refused the code: ${answer.error ?? response.status} ${answer.error_description ?? ''}`.trim());
  if (!answer.access_token) throw new SignInError('The provider answered without an access token');
  return answer;
};

/**
 * The ID token came straight from the token endpoint over the connection the page opened, which OpenID Connect
 * Core (3.1.3.7) accepts in place of checking its signature; its issuer, audience and nonce are still checked.
 */
const checkIdToken = (config, idToken, pending) => {
  if (!idToken) return {};
  const claims = claimsOf(idToken);
  const audiences = [claims.aud].flat();
  if (claims.iss !== config.issuer || !audiences.includes(config.clientId) || claims.nonce !== pending.nonce) {
    throw new SignInError('The ID token is not the one this sign-in asked for (issuer, audience or nonce)');
  }
  return claims;
};

/**
 * Completes a sign-in when the page is the provider's redirect target: null when it is not, the tokens and the
 * ID token's claims when the answer checks out; throws SignInError otherwise.
 */
export const completeSignIn = async (config, metadata) => {
  const params = takeResponse();
  const pending = takePending();
  if (params === null) return null;
  checkResponse(config, params, pending);
  const answer = await exchangeCode(config, metadata, params.get('code'), pending);
  const identity = checkIdToken(config, answer.id_token, pending);
  return { accessToken: answer.access_token, idToken: answer.id_token ?? null, identity };
};

/** The provider's logout (RP-Initiated Logout 1.0), back to this page; null when the provider offers none. */
export const endSessionUrl = (config, metadata, idToken) => {
  if (!metadata.end_session_endpoint) return null;
  const url = new URL(metadata.end_session_endpoint);
  url.searchParams.set('client_id', config.clientId);
  url.searchParams.set('post_logout_redirect_uri', redirectUri());
  if (idToken) url.searchParams.set('id_token_hint', idToken);
  return url.toString();
};
