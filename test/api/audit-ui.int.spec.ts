import { resolve } from 'node:path';
import { auditUiAssetDirs, loadAuditUiAssets } from '../../apps/api/src/audit-ui/audit-ui-assets';
import { TestApp, startTestApp } from '../support/test-app';

const SOURCE_ASSETS = resolve(__dirname, '../../apps/api/src/audit-ui/assets');

describe('auditor page files: served publicly, self-only CSP, nothing else', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  }, 30_000);
  afterAll(() => t.close());

  it('serves the page and its assets without a token, each with its type and the security headers', async () => {
    for (const [path, type] of [
      ['/audit', /^text\/html/],
      ['/audit/main.js', /^text\/javascript/],
      ['/audit/audit.css', /^text\/css/],
    ] as const) {
      const res = await t.http.get(path).expect(200);
      expect(res.headers['content-type']).toMatch(type);
      expect(res.headers['content-security-policy']).toBe(
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
      );
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('answers 404 for any other name, so no request path reaches the file system', async () => {
    for (const path of [
      '/audit/nope.js',
      '/audit/..%2F..%2Fpackage.json',
      '/audit/%2e%2e%2fapp.module.ts',
      '/audit/audit-ui.controller.ts',
    ]) {
      const res = await t.http.get(path);
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
    }
  });

  it("keeps the page's files out of the OpenAPI document, which describes only the page's sign-in settings", async () => {
    const doc = (await t.http.get('/openapi.json')).body as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths).filter((p) => p.startsWith('/audit'))).toEqual(['/audit/config.json']);
  });

  it('tells the page, without a token, to take a pasted one when no OpenID provider is configured', async () => {
    const res = await t.http.get('/audit/config.json').expect(200);
    expect(res.body).toEqual({ mode: 'token' });
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  it('finds the files from the compiled module (dist/) by falling back to the source folder', () => {
    const compiledDir = resolve(__dirname, '../../dist/apps/api/src/audit-ui');
    const loaded = loadAuditUiAssets(auditUiAssetDirs(compiledDir));
    expect(loaded?.dir).toBe(SOURCE_ASSETS);
    expect([...(loaded?.assets.keys() ?? [])].sort()).toEqual([
      'api.js',
      'audit.css',
      'dom.js',
      'favicon.svg',
      'index.html',
      'main.js',
      'oidc.js',
      'sign-in.js',
      'timeline-model.js',
      'timeline.js',
      'trail.js',
    ]);
    expect(loadAuditUiAssets(['/nonexistent'])).toBeNull();
  });
});
