import { createLocalJWKSet, exportJWK, generateKeyPair, importJWK, JWTPayload, JWTVerifyGetKey, SignJWT, CryptoKey } from 'jose';
import { createHmac } from 'node:crypto';
import { InvalidTokenError, NoRoleError } from '../token-verifier';
import { OidcTokenSettings, verifyOidcToken } from './oidc-token';

const ISSUER = 'https://sso.example.org/realms/trials';
const SETTINGS: OidcTokenSettings = {
  issuer: ISSUER,
  audience: 'trial-ledger-api',
  clockSkewSeconds: 30,
  rolesClaim: 'realm_access.roles',
  roleMap: null,
};
const now = (): number => Math.floor(Date.now() / 1000);
const b64 = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');

interface Signer {
  alg: string;
  kid: string;
  key: CryptoKey;
}

describe('verifyOidcToken', () => {
  let keys: JWTVerifyGetKey;
  const signers: Record<string, Signer> = {};

  // One RSA key serves RS256, PS256 and RS512 (generating RSA keys is slow on a loaded machine).
  beforeAll(async () => {
    const rsa = await generateKeyPair('RS256', { extractable: true });
    const ec = await generateKeyPair('ES256', { extractable: true });
    const ed = await generateKeyPair('EdDSA', { extractable: true });
    const pairs = { RS256: rsa, PS256: rsa, RS512: rsa, ES256: ec, EdDSA: ed };
    const published = [];
    for (const [alg, { publicKey, privateKey }] of Object.entries(pairs)) {
      published.push({ ...(await exportJWK(publicKey)), kid: alg, alg });
      // A WebCrypto key is bound to one algorithm: the RSA key is imported again for each.
      signers[alg] = { alg, kid: alg, key: (await importJWK(await exportJWK(privateKey), alg)) as CryptoKey };
    }
    keys = createLocalJWKSet({ keys: published });
  }, 60_000);

  const claims = (extra: JWTPayload = {}): JWTPayload => ({
    iss: ISSUER,
    aud: 'trial-ledger-api',
    sub: 'ana',
    iat: now(),
    exp: now() + 300,
    realm_access: { roles: ['auditor'] },
    ...extra,
  });
  const sign = (payload: JWTPayload, signer = signers.RS256): Promise<string> =>
    new SignJWT(payload).setProtectedHeader({ alg: signer.alg, kid: signer.kid, typ: 'at+jwt' }).sign(signer.key);
  const verify = (token: string, settings: Partial<OidcTokenSettings> = {}) => verifyOidcToken(token, keys, { ...SETTINGS, ...settings });
  const refused = async (token: string, reason: RegExp, settings: Partial<OidcTokenSettings> = {}): Promise<void> => {
    const error = await verify(token, settings).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidTokenError);
    expect((error as Error).message).toMatch(reason);
  };

  it.each(['RS256', 'PS256', 'ES256', 'EdDSA'])('accepts a %s token and answers its subject and role', async (alg) => {
    expect(await verify(await sign(claims(), signers[alg]))).toEqual({ sub: 'ana', role: 'auditor' });
  });

  it('refuses an algorithm outside the list even when the key set holds its key', async () => {
    await refused(await sign(claims(), signers.RS512), /algorithm RS512 is not accepted/);
  });

  it('refuses an HS256 token (as cli token mints), naming where tokens come from', async () => {
    const unsigned = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims({ role: 'operator' }))}`;
    const token = `${unsigned}.${createHmac('sha256', 'a-secret-of-at-least-thirty-two-characters').update(unsigned).digest('base64url')}`;
    await refused(token, new RegExp(`HS256 tokens \\(as \`cli token\` mints\\) are not accepted here: tokens come from ${ISSUER}`));
  });

  it.each(['none', 'None'])('refuses an unsigned token with alg %s', async (alg) => {
    await refused(`${b64({ alg, kid: 'RS256' })}.${b64(claims())}.`, /algorithm (none|None) is not accepted/);
  });

  it('refuses another issuer, another audience, and a token without either', async () => {
    await refused(await sign(claims({ iss: 'https://sso.example.org/realms/other' })), /"iss" claim/);
    await refused(await sign(claims({ aud: 'another-api' })), /"aud" claim/);
    await refused(await sign(claims({ aud: undefined })), /"aud" claim/);
    await refused(await sign(claims({ iss: undefined })), /"iss" claim/);
  });

  it('refuses a token without expiry or subject', async () => {
    await refused(await sign(claims({ exp: undefined })), /"exp" claim/);
    await refused(await sign(claims({ sub: undefined })), /"sub" claim/);
    await refused(await sign(claims({ sub: '' })), /no subject/);
  });

  it('accepts a token expired or not yet valid within the clock skew, and refuses it beyond', async () => {
    const expired = await sign(claims({ exp: now() - 20 }));
    expect(await verify(expired)).toMatchObject({ sub: 'ana' });
    await refused(expired, /"exp" claim timestamp check failed/, { clockSkewSeconds: 10 });
    const early = await sign(claims({ nbf: now() + 20 }));
    expect(await verify(early)).toMatchObject({ sub: 'ana' });
    await refused(early, /"nbf" claim timestamp check failed/, { clockSkewSeconds: 0 });
  });

  it('refuses a key id the key set lacks, a forged signature and a payload changed after signing', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    await refused(await sign(claims(), { alg: 'ES256', kid: 'unknown', key: privateKey }), new RegExp(`no key of ${ISSUER} signed it`));
    await refused(await sign(claims(), { alg: 'ES256', kid: 'ES256', key: privateKey }), /signature verification failed/);
    const [header, , signature] = (await sign(claims({ realm_access: { roles: ['reader'] } }))).split('.');
    await refused(`${header}.${b64(claims({ realm_access: { roles: ['operator'] } }))}.${signature}`, /signature verification failed/);
  });

  it('refuses what is not a JWT', async () => {
    for (const token of ['', 'abc', 'a.b.c']) await refused(token, /not a JWT/);
  });

  it('answers a genuine token without a role here with NoRoleError, not as an invalid token', async () => {
    const error = await verify(await sign(claims({ realm_access: undefined, role: 'operator' }))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NoRoleError);
  });
});
