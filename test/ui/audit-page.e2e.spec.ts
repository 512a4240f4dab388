import { readFileSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../support/chromium';
import { colorHistogram, decodePng } from '../support/png';
import { TestApp, startTestApp } from '../support/test-app';
import { registerBody, siteBody, statusBody } from '../support/trials';

const NCT = 'NCT06171906';
const DAY = 24 * 3600 * 1000;
// Markup in a reason must reach the page as text, never as elements.
const MARKUP_REASON = '<b id="injected">Protocol</b> approved & signed';

/** Runs in the page (typed by hand: the tests compile without the DOM library). */
const rowsShown = (n: number): boolean => {
  type Doc = { querySelectorAll(s: string): { length: number }; getElementById(id: string): { textContent: string | null } | null };
  const doc = (globalThis as unknown as { document: Doc }).document;
  return (
    doc.querySelectorAll('#trail tbody tr[data-revision]').length === n &&
    (doc.getElementById('trail-count')?.textContent ?? '').startsWith(`${n} `)
  );
};

describe('auditor page in headless Chromium', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const sites: Record<string, string> = {};
  const consoleErrors: string[] = [];
  const foreignRequests: string[] = [];

  /** Commands over real HTTP on the listening port, as any client would send them. */
  const post = async (path: string, body: unknown, sub = 'olga') => {
    const res = await fetch(`${base}${path}`, {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { Authorization: t.token('operator', sub), 'Content-Type': 'application/json' },
    });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<{ position: number; siteId?: string }>;
  };

  const seed = async () => {
    await post('/trials', registerBody(NCT, { effectiveDate: '2024-01-10', reason: MARKUP_REASON }));
    await post('/trials', registerBody('NCT05131412', { conditions: ['Pneumonia'] }));
    t.clock.advance(DAY);
    await post(`/trials/${NCT}/status`, statusBody('RECRUITING', { effectiveDate: '2024-03-01', reason: 'Ethics approval granted' }));
    sites.boston = (
      await post(`/trials/${NCT}/sites`, siteBody('Boston', { country: 'United States', effectiveDate: '2024-02-15' }))
    ).siteId!;
    await post(`/trials/${NCT}/sites/${sites.boston}/status`, {
      status: 'RECRUITING',
      effectiveDate: '2024-04-01',
      reason: 'Site initiation visit done',
    });
    t.clock.advance(5 * DAY); // recorded on 2025-01-21 from here on, for the date filter
    sites.guangzhou = (await post(`/trials/${NCT}/sites`, siteBody('Guangzhou', { effectiveDate: '2024-05-01' }), 'oscar')).siteId!;
    await post(
      `/trials/${NCT}/status`,
      statusBody('ACTIVE_NOT_RECRUITING', { effectiveDate: '2024-09-01', reason: 'Enrollment target reached' }),
      'oscar',
    );
    const last = await post(
      `/trials/${NCT}/sites/${sites.boston}/status`,
      { status: 'COMPLETED', effectiveDate: '2024-10-01', reason: 'Last patient out at Boston' },
      'oscar',
    );
    // Read-your-writes, so the page finds every event in the read models.
    await fetch(`${base}/trials?minPosition=${last.position}`, { headers: { Authorization: t.token('auditor') } });
  };

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    await seed();
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, acceptDownloads: true });
    context.on('request', (request) => {
      if (new URL(request.url()).origin !== base) foreignRequests.push(request.url());
    });
    page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const trailRevisions = () => page.locator('#trail tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-revision')));
  // A function, not a string: the page's CSP forbids eval, which Playwright needs for string predicates.
  const waitForRows = (n: number) => page.waitForFunction(rowsShown, n);
  const applyFilters = async (expectedRows: number) => {
    await page.click('#filters button[type=submit]');
    await waitForRows(expectedRows);
  };

  it('serves the page with a self-only Content-Security-Policy and no data in it', async () => {
    const res = await fetch(`${base}/audit`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'; script-src 'self'");
    expect(await res.text()).not.toContain(NCT);
  });

  it('takes a pasted token and lists the trials', async () => {
    await page.goto(`${base}/audit`);
    await page.fill('#token', t.token('auditor', 'ada'));
    await page.click('#token-form button[type=submit]');
    await page.waitForSelector(`#trials tr[data-nct-id="${NCT}"]`);
    expect(await page.locator('#trials tbody tr').count()).toBe(2);
    expect(await page.evaluate('[sessionStorage.length, localStorage.length]')).toEqual([1, 0]);
    expect(page.url()).toBe(`${base}/audit`);
    // The browser's first navigation: at a load of 20 on two cores it has taken over 5 s.
  }, 20_000);

  it('opens a trial: its audit trail lists every entry with reasons and changes, as text', async () => {
    await page.click(`button[data-open="${NCT}"]`);
    await page.waitForSelector('#trail tbody tr[data-revision="7"]');
    expect(await trailRevisions()).toEqual(['1', '2', '3', '4', '5', '6', '7']);
    const text = await page.locator('#trail').innerText();
    for (const reason of [
      'Ethics approval granted',
      'Site initiation visit done',
      'Enrollment target reached',
      'Last patient out at Boston',
    ]) {
      expect(text).toContain(reason);
    }
    expect(await page.locator('#trail tr[data-revision="1"] td').nth(5).textContent()).toBe(MARKUP_REASON);
    expect(await page.locator('#injected').count()).toBe(0);
    expect(await page.locator('#trail tr[data-revision="2"] td').nth(1).textContent()).toBe('2025-01-16 10:00:00');
    expect(await page.locator('#trail tr[data-revision="2"] .changes').innerText()).toContain('status: NOT_YET_RECRUITING → RECRUITING');
  });

  it("narrows the audit trail with the route's filters (type, actor, recorded days)", async () => {
    expect(await page.locator('#type-filter input').evaluateAll((inputs) => inputs.map((i) => i.getAttribute('value')))).toEqual([
      'TrialRegistered',
      'TrialStatusChanged',
      'SiteAdded',
      'SiteStatusChanged',
    ]);
    await page.check('#type-filter input[value="TrialStatusChanged"]');
    await applyFilters(2);
    expect(await trailRevisions()).toEqual(['2', '6']);
    await page.fill('#actor', 'oscar');
    await applyFilters(1);
    expect(await trailRevisions()).toEqual(['6']);
    await page.click('#clear-filters');
    await waitForRows(7);
    await page.fill('#from', '2025-01-21');
    await page.fill('#to', '2025-01-21');
    await applyFilters(3);
    expect(await trailRevisions()).toEqual(['5', '6', '7']);
  });

  it('exports the trail as filtered on screen, fetched with the bearer token and saved through a Blob URL', async () => {
    await page.click('#clear-filters');
    await waitForRows(7);
    await page.check('#type-filter input[value="TrialStatusChanged"]');
    await applyFilters(2);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('button[data-format="csv"]')]);
    expect(download.suggestedFilename()).toBe(`${NCT}-audit-trail.csv`);
    const csv = readFileSync(await download.path());
    expect(csv.toString()).toContain('Enrollment target reached');
    expect(csv.toString()).not.toContain('Last patient out at Boston');
  });

  it('draws the timeline: a lane for the trial and one per site, a segment per status, axis and legend', async () => {
    const chart = page.locator('#timeline svg');
    expect(await chart.locator('title').first().textContent()).toBe(`Status timeline of ${NCT}`);
    const lanes = await chart.locator('g[data-lane]').evaluateAll((gs) =>
      gs.map((g) => ({
        key: g.getAttribute('data-lane'),
        label: g.getAttribute('aria-label'),
        statuses: [...g.querySelectorAll('rect[data-status]')].map((r) => r.getAttribute('data-status')),
      })),
    );
    expect(lanes).toEqual([
      { key: 'trial', label: 'Trial status', statuses: ['NOT_YET_RECRUITING', 'RECRUITING', 'ACTIVE_NOT_RECRUITING'] },
      {
        key: sites.boston,
        label: 'Site: Hospital of Boston, Boston, United States',
        statuses: ['NOT_YET_RECRUITING', 'RECRUITING', 'COMPLETED'],
      },
      { key: sites.guangzhou, label: 'Site: Hospital of Guangzhou, Guangzhou, China', statuses: ['NOT_YET_RECRUITING'] },
    ]);
    expect(await chart.locator('[aria-label="recruiting from 2024-03-01 until 2024-09-01 (revision 2)"]').count()).toBe(1);
    expect(await chart.locator('[data-legend]').evaluateAll((gs) => gs.map((g) => g.getAttribute('data-legend')))).toEqual([
      'NOT_YET_RECRUITING',
      'RECRUITING',
      'ACTIVE_NOT_RECRUITING',
      'COMPLETED',
    ]);
    // The axis runs to today, so the step (monthly, quarterly, …) depends on the date; the first label names its year.
    const ticks = await chart.locator('.tick').allTextContents();
    expect(ticks[0]).toMatch(/2024$/);
    expect(ticks).toContain('2025');
  });

  it('renders the timeline as pixels: a screenshot shows every status color over a non-blank chart', async () => {
    const chart = page.locator('#timeline svg');
    const path = join(tmpdir(), 'trial-ledger-audit-timeline.png');
    const png = decodePng(await chart.screenshot({ path }));
    const colors = colorHistogram(png);
    const total = png.width * png.height;
    expect(png.width).toBeGreaterThan(600);
    expect(total - (colors.get('#ffffff') ?? 0)).toBeGreaterThan(total * 0.15);
    expect(colors.size).toBeGreaterThan(10);
    const fills = new Set(await chart.locator('rect[data-status]').evaluateAll((rs) => rs.map((r) => r.getAttribute('fill'))));
    expect(fills.size).toBe(4);
    // Every segment color is painted, over more than a sliver: keyed by color so a failure names the missing one.
    const painted = (fill: string | null) => [fill, (colors.get(fill ?? '') ?? 0) > 200];
    expect(Object.fromEntries([...fills].map(painted))).toEqual(Object.fromEntries([...fills].map((fill) => [fill, true])));
  });

  it('logged no console error and reached no other host', () => {
    expect(consoleErrors).toEqual([]);
    expect(foreignRequests).toEqual([]);
  });
});
