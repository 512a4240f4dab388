import { TestApp, startTestApp } from '../support/test-app';

const APP = 'https://app.example.org';
const OTHER = 'https://evil.example.net';

type Res = { status: number; headers: Record<string, string | undefined> };

const corsHeaders = (res: Res): string[] => Object.keys(res.headers).filter((h) => h.startsWith('access-control-'));

describe('CORS', () => {
  describe('closed when CORS_ORIGINS is unset', () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await startTestApp();
    });
    afterAll(() => t.close());

    it('sends no CORS header on a cross-origin call or its preflight, so a browser refuses the answer', async () => {
      const read = await t.http.get('/trials').set('Origin', APP).set('Authorization', t.token('reader')).expect(200);
      expect(corsHeaders(read)).toEqual([]);
      const preflight = await t.http
        .options('/trials')
        .set('Origin', APP)
        .set('Access-Control-Request-Method', 'POST')
        .set('Access-Control-Request-Headers', 'authorization,content-type');
      expect(corsHeaders(preflight)).toEqual([]);
    });
  });

  describe(`open to ${APP} only when configured`, () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await startTestApp({ corsOrigins: [APP, 'http://localhost:5173'] });
    });
    afterAll(() => t.close());

    it('answers the preflight with the methods and headers a command needs', async () => {
      const res = await t.http
        .options('/trials/NCT06171906/status')
        .set('Origin', APP)
        .set('Access-Control-Request-Method', 'POST')
        .set('Access-Control-Request-Headers', 'authorization,content-type,if-match');
      expect(res.status).toBe(204);
      expect(res.headers['access-control-allow-origin']).toBe(APP);
      expect(res.headers['access-control-allow-methods']).toBe('GET,POST');
      expect(res.headers['access-control-allow-headers']?.split(',')).toEqual(
        expect.arrayContaining(['Authorization', 'Content-Type', 'If-Match', 'Idempotency-Key']),
      );
      // Bearer tokens, not cookies: a browser must never send credentials along.
      expect(res.headers['access-control-allow-credentials']).toBeUndefined();
    });

    it('lets the allowed origin read the answer and its ETag', async () => {
      const res = await t.http.get('/trials').set('Origin', APP).set('Authorization', t.token('reader')).expect(200);
      expect(res.headers['access-control-allow-origin']).toBe(APP);
      expect(res.headers['access-control-expose-headers']?.split(',')).toContain('ETag');
      expect(res.headers.vary).toMatch(/Origin/);
    });

    it('gives any other origin, and near misses, no Access-Control-Allow-Origin', async () => {
      for (const origin of [OTHER, `${APP}.evil.net`, 'http://app.example.org', `${APP}:8443`, 'null']) {
        const read = await t.http.get('/trials').set('Origin', origin).set('Authorization', t.token('reader'));
        expect({ origin, allowed: read.headers['access-control-allow-origin'] }).toEqual({ origin, allowed: undefined });
        const preflight = await t.http.options('/trials').set('Origin', origin).set('Access-Control-Request-Method', 'POST');
        expect({ origin, allowed: preflight.headers['access-control-allow-origin'] }).toEqual({ origin, allowed: undefined });
      }
    });

    it('still requires a token from an allowed origin', async () => {
      const res = await t.http.get('/trials').set('Origin', APP).expect(401);
      expect(res.headers['access-control-allow-origin']).toBe(APP);
    });
  });
});
