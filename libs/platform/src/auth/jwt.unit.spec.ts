import { createHmac, generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { InvalidTokenError, signToken, verifyToken } from './jwt';

const SECRET = 'unit-secret-that-is-long-enough-for-hs256-0123456789';
const b64 = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const now = (): number => Math.floor(Date.now() / 1000);
const claims = (extra: object = {}) => ({ sub: 'alice', role: 'operator', exp: now() + 600, ...extra });

/** A token assembled by hand, so the header can say anything an attacker might put there. */
const handMade = (header: object, payload: object, signature = ''): string => `${b64(header)}.${b64(payload)}.${signature}`;
const hs256 = (payload: object, secret = SECRET): string => {
  const unsigned = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(payload)}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
};

const refused = (token: string): void => {
  expect(() => verifyToken(SECRET, token)).toThrow(InvalidTokenError);
};

describe('verifyToken', () => {
  it('accepts its own HS256 tokens and returns subject and role', () => {
    expect(verifyToken(SECRET, signToken(SECRET, 'alice', 'auditor'))).toEqual({ sub: 'alice', role: 'auditor' });
    expect(verifyToken(SECRET, hs256(claims()))).toEqual({ sub: 'alice', role: 'operator' });
  });

  it.each(['none', 'None', 'NONE', 'nOnE'])('refuses an unsigned token with alg %s, with or without a signature', (alg) => {
    refused(handMade({ alg, typ: 'JWT' }, claims()));
    refused(handMade({ alg, typ: 'JWT' }, claims(), hs256(claims()).split('.')[2]));
  });

  it.each(['HS384', 'HS512'] as const)('refuses %s even with the right secret', (algorithm) => {
    refused(jwt.sign(claims(), SECRET, { algorithm }));
  });

  it('refuses RS256 and ES256 tokens', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    refused(jwt.sign(claims(), rsa.privateKey, { algorithm: 'RS256' }));
    refused(jwt.sign(claims(), ec.privateKey, { algorithm: 'ES256' }));
  });

  it('refuses a wrong secret and a payload changed after signing', () => {
    refused(hs256(claims(), 'another-secret-that-is-long-enough-0123456789'));
    const [header, , signature] = hs256(claims({ role: 'reader' })).split('.');
    refused(`${header}.${b64(claims({ role: 'operator' }))}.${signature}`);
  });

  it('refuses expired and not-yet-valid tokens', () => {
    refused(hs256(claims({ exp: now() - 1 })));
    refused(signToken(SECRET, 'alice', 'operator', -60));
    refused(hs256(claims({ nbf: now() + 600 })));
  });

  it('refuses a token that never expires', () => {
    refused(hs256({ sub: 'alice', role: 'operator' }));
  });

  it('refuses a token without a subject or with an unknown role', () => {
    refused(hs256(claims({ sub: undefined })));
    refused(hs256(claims({ sub: '' })));
    refused(hs256(claims({ role: 'admin' })));
    refused(hs256(claims({ role: undefined })));
  });

  it('refuses what is not a JWT at all', () => {
    for (const token of ['', 'abc', 'a.b', 'a.b.c', `${hs256(claims())}.extra`]) refused(token);
  });

  describe('after a token verified once', () => {
    afterEach(() => jest.useRealTimers());

    it('refuses it once it expires, though its verdict was kept', () => {
      jest.useFakeTimers({ now: Date.UTC(2026, 0, 1), doNotFake: ['nextTick', 'setImmediate'] });
      const token = signToken(SECRET, 'alice', 'operator', 60);
      expect(verifyToken(SECRET, token)).toEqual({ sub: 'alice', role: 'operator' });
      jest.setSystemTime(Date.UTC(2026, 0, 1) + 59_000);
      expect(verifyToken(SECRET, token)).toEqual({ sub: 'alice', role: 'operator' });
      jest.setSystemTime(Date.UTC(2026, 0, 1) + 60_000);
      refused(token);
    });

    it('refuses it under another secret', () => {
      const token = signToken(SECRET, 'alice', 'operator');
      expect(verifyToken(SECRET, token).sub).toBe('alice');
      expect(() => verifyToken('another-secret-that-is-long-enough-0123456789', token)).toThrow(InvalidTokenError);
    });

    it("answers a caller the previous answer's receiver cannot change", () => {
      const token = signToken(SECRET, 'carol', 'reader');
      Object.assign(verifyToken(SECRET, token), { role: 'operator' });
      expect(verifyToken(SECRET, token)).toEqual({ sub: 'carol', role: 'reader' });
    });
  });
});
