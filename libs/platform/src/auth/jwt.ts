import jwt from 'jsonwebtoken';
import { KeyObject, createSecretKey } from 'node:crypto';
import { ROLES, Caller, Role } from './roles';
import { InvalidTokenError } from './token-verifier';

export { InvalidTokenError };

/** Only HS256 is accepted, so a token cannot choose a weaker algorithm (or "none") for itself. */
const ALGORITHM = 'HS256';

export const signToken = (secret: string, sub: string, role: Role, expiresInSeconds = 8 * 3600): string =>
  jwt.sign({ role }, secret, { algorithm: ALGORITHM, subject: sub, expiresIn: expiresInSeconds });

/*
 * Given a string, jsonwebtoken builds a key object on every verify, first trying to parse the secret as a PEM
 * public key and catching the failure: that costs more than the HMAC itself and was a quarter of the API's CPU
 * under load. The key is built once per secret instead (one secret per process in practice).
 */
let cachedKey: { secret: string; key: KeyObject } | null = null;

const keyOf = (secret: string): KeyObject => {
  if (cachedKey?.secret !== secret) cachedKey = { secret, key: createSecretKey(Buffer.from(secret, 'utf8')) };
  return cachedKey.key;
};

/*
 * Clients send the same token with every request until it expires, and under load its HMAC check was a sixth
 * of a request's CPU. A token string that verified under a secret verifies again until its `exp`, so the
 * verdict is kept, keyed by secret and exact token, and each hit re-checks the expiry. Refusals are never
 * kept, and the map is bounded (the oldest entry goes first).
 */
const MAX_VERIFIED = 10_000;
const verified = new Map<string, { secret: string; caller: Caller; expiresAtMs: number }>();

const remember = (secret: string, token: string, caller: Caller, exp: number): void => {
  if (verified.size >= MAX_VERIFIED) verified.delete(verified.keys().next().value as string);
  verified.set(token, { secret, caller: { ...caller }, expiresAtMs: exp * 1000 });
};

export const verifyToken = (secret: string, token: string): Caller => {
  const known = verified.get(token);
  if (known?.secret === secret && Date.now() < known.expiresAtMs) return { ...known.caller };
  if (known) verified.delete(token);
  const { caller, exp } = verifyAfresh(secret, token);
  remember(secret, token, caller, exp);
  return caller;
};

const verifyAfresh = (secret: string, token: string): { caller: Caller; exp: number } => {
  let payload: jwt.JwtPayload | string;
  try {
    payload = jwt.verify(token, keyOf(secret), { algorithms: [ALGORITHM] });
  } catch (error) {
    throw new InvalidTokenError((error as Error).message);
  }
  if (typeof payload === 'string' || typeof payload.sub !== 'string' || payload.sub === '') {
    throw new InvalidTokenError('token has no subject');
  }
  // jsonwebtoken checks `exp` only when present; a token without one would be valid forever.
  if (typeof payload.exp !== 'number') throw new InvalidTokenError('token has no expiry');
  if (!ROLES.includes(payload.role as Role)) throw new InvalidTokenError('token has no known role');
  return { caller: { sub: payload.sub, role: payload.role as Role }, exp: payload.exp };
};
