// A pasted token is kept in sessionStorage only: it ends with the tab, is not shared with other tabs or written to
// disk the way localStorage is, and it never goes into a URL, where it would be kept in browser history, proxy and
// server logs and Referer headers. It travels only in the Authorization header of calls to this same origin.
const TOKEN_KEY = 'trial-ledger.audit.token';

const sessionTokens = {
  get: () => sessionStorage.getItem(TOKEN_KEY),
  set: (token) => sessionStorage.setItem(TOKEN_KEY, token),
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
};

// A token from the OpenID provider lives in this variable only, and is gone with the page (oidc.js says why).
let tokenInMemory = null;
const memoryTokens = {
  get: () => tokenInMemory,
  set: (token) => {
    tokenInMemory = token;
  },
  clear: () => {
    tokenInMemory = null;
  },
};

let tokens = sessionTokens;

export const tokenStore = {
  get: () => tokens.get(),
  set: (token) => tokens.set(token),
  clear: () => tokens.clear(),
};

/** From now on the token is held in memory only (the OpenID Connect mode). */
export const keepTokenInMemory = () => {
  sessionTokens.clear();
  tokens = memoryTokens;
};

/** What a pasted token may look like: with or without the "Bearer " that the CLI's users often copy too. */
export const normalizeToken = (raw) =>
  String(raw)
    .trim()
    .replace(/^Bearer\s+/i, '');

/** An API answer other than 2xx, with its RFC 9457 problem document when there is one. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

/** `?a=1&b=2` from the given parameters, leaving out the empty ones. */
export const queryString = (params = {}) => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
};

const authorizedFetch = async (path, params) => {
  const token = tokenStore.get();
  if (!token) throw new ApiError(401, { title: 'No token', detail: 'Sign in or paste a bearer token first' });
  const response = await fetch(`${path}${queryString(params)}`, {
    headers: { Authorization: `Bearer ${token}` },
    cache: 'no-store',
    credentials: 'omit',
  });
  if (!response.ok) throw new ApiError(response.status, await response.json().catch(() => null));
  return response;
};

export const apiGet = async (path, params) => (await authorizedFetch(path, params)).json();

const fileNameOf = (response, fallback) => {
  const match = /filename="?([^";]+)"?/i.exec(response.headers.get('Content-Disposition') ?? '');
  return match ? match[1] : fallback;
};

/**
 * A plain link cannot send the Authorization header, so the file is fetched here and handed to the browser
 * as a Blob URL, revoked once the download started.
 */
export const download = async (path, params, fallbackName) => {
  const response = await authorizedFetch(path, params);
  const url = URL.createObjectURL(await response.blob());
  const link = Object.assign(document.createElement('a'), { href: url, download: fileNameOf(response, fallbackName) });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
};

/** How this page signs in (GET /audit/config.json): `{mode: 'token'}`, or `{mode: 'oidc', issuer, clientId, …}`. */
export const pageConfig = async () => {
  const response = await fetch('/audit/config.json', { cache: 'no-store', credentials: 'omit' });
  if (!response.ok) throw new ApiError(response.status, await response.json().catch(() => null));
  return response.json();
};
