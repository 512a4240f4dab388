import { generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { signToken } from '@trial-ledger/platform';

const b64 = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const inAnHour = (): number => Math.floor(Date.now() / 1000) + 3600;

/**
 * Authorization headers that must never authenticate, each claiming the most powerful role: missing or
 * malformed, expired, signed with another key, altered after signing, unsigned (`alg: none`), or signed with
 * an algorithm other than HS256 — asymmetric or a stronger HMAC with the right secret.
 */
export const badCredentials = (secret: string): Record<string, string | undefined> => {
  const claims = { sub: 'mallory', role: 'operator', exp: inAnHour() };
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const [header, , signature] = signToken(secret, 'mallory', 'reader').split('.');
  return {
    'no token': undefined,
    'not a bearer token': 'Basic bWFsbG9yeTpvcGVyYXRvcg==',
    'expired token': `Bearer ${jwt.sign({ ...claims, exp: inAnHour() - 7200 }, secret, { algorithm: 'HS256' })}`,
    'token without expiry': `Bearer ${jwt.sign({ sub: 'mallory', role: 'operator' }, secret, { algorithm: 'HS256' })}`,
    'wrong signature': `Bearer ${jwt.sign(claims, 'another-secret-that-is-long-enough-0123456789', { algorithm: 'HS256' })}`,
    'role changed after signing': `Bearer ${header}.${b64(claims)}.${signature}`,
    'alg none, unsigned': `Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`,
    'alg RS256': `Bearer ${jwt.sign(claims, rsa, { algorithm: 'RS256' })}`,
    'alg HS512 with the right secret': `Bearer ${jwt.sign(claims, secret, { algorithm: 'HS512' })}`,
  };
};
