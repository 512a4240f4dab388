import { keepTokenInMemory, tokenStore } from './api.js';
import { beginSignIn, claimsOf, completeSignIn, discover, endSessionUrl } from './oidc.js';

const $ = (id) => document.getElementById(id);

/** A claim by its dotted path (`realm_access.roles`), as the API's OIDC_ROLES_CLAIM names it. */
const claimAt = (claims, path) => path.split('.').reduce((value, key) => (value == null ? undefined : value[key]), claims);

/** Who the provider says is signed in: a name from the ID token if it has one, the access token's subject always. */
const describe = (config, accessToken, identity) => {
  const claims = claimsOf(accessToken);
  const name = identity.preferred_username ?? identity.name ?? identity.email;
  const roles = config.rolesClaim ? [claimAt(claims, config.rolesClaim) ?? []].flat().join(', ') : '';
  const who = name && name !== claims.sub ? `${name} (${claims.sub})` : String(claims.sub);
  return roles ? `Signed in as ${who}; ${config.rolesClaim}: ${roles}` : `Signed in as ${who}`;
};

/**
 * The OpenID Connect mode: Sign in and Sign out instead of the token box, which is removed so no token can be
 * pasted. `ui.signedIn` loads the data, `ui.signedOut` clears it, `ui.say` reports, and `ui.onUnauthorized` takes
 * what to do on a 401 from the API (an expired or refused token): forget it and ask for a new sign-in.
 */
export const startOidc = async (config, ui) => {
  keepTokenInMemory();
  $('token-form').remove();
  $('sign-in').hidden = false;
  let metadata = null;
  let idToken = null;

  const showSignedOut = (message, isError = false) => {
    tokenStore.clear();
    $('who').textContent = '';
    $('sign-in-button').hidden = false;
    $('sign-out-button').hidden = true;
    ui.signedOut();
    ui.say(message, isError);
  };
  const showSignedIn = (session) => {
    tokenStore.set(session.accessToken);
    idToken = session.idToken;
    $('who').textContent = describe(config, session.accessToken, session.identity);
    $('sign-in-button').hidden = true;
    $('sign-out-button').hidden = false;
    ui.signedIn();
  };
  ui.onUnauthorized(() => showSignedOut('Your sign-in has expired or the API refused it: sign in again.', true));
  const provider = async () => (metadata ??= await discover(config.issuer));

  $('sign-in-button').addEventListener('click', () =>
    provider()
      .then((found) => beginSignIn(config, found))
      .catch((error) => ui.say(`Sign-in failed: ${error.message}`, true)),
  );
  $('sign-out-button').addEventListener('click', () => {
    const logout = metadata && endSessionUrl(config, metadata, idToken);
    idToken = null;
    showSignedOut('Signed out.');
    // The provider's session ends too, so the next person at this workstation must log in again.
    if (logout) location.assign(logout);
  });

  if (!config.clientId) {
    $('sign-in-button').disabled = true;
    ui.say('Sign-in is not configured: the API has an OpenID issuer but no OIDC_CLIENT_ID for this page.', true);
    return;
  }
  try {
    const session = await completeSignIn(config, await provider());
    if (session) showSignedIn(session);
    else showSignedOut('Sign in (role auditor or operator) to begin.');
  } catch (error) {
    showSignedOut(`Sign-in failed: ${error.message}`, true);
  }
};
