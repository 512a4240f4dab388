import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { runCli } from '../../apps/cli/src/run-cli';
import { RegistryApiServer, changedStudies } from '../support/registry-api-server';
import { realRecords } from '../support/registry-corpus';
import { TEST_SECRET } from '../support/test-app';
import { waitFor } from '../support/wait-for';
import { Scrape, announcedPort } from './prometheus';

jest.setTimeout(120_000);

// 25 studies, 3 a day from 2024-03-01, in pages of 5.
const STUDIES = changedStudies(realRecords(), 25, '2024-03-01', 3);
const SUMMARY = /^(\d+) pages, (\d+) studies read, (\d+) recorded \(\d+ new trials\), (\d+) lines reported, cursor (\S+) /;

describe('cli sync serves its progress on METRICS_PORT while it runs (embedded SQLite, a local registry)', () => {
  let dir: string;
  let registry: RegistryApiServer;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sync-metrics-'));
    registry = await RegistryApiServer.start(structuredClone(STUDIES));
  });
  afterAll(async () => {
    await registry?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("given 25 changed studies, when Prometheus scrapes during the sync, then the registry sync series end at its summary's counts", async () => {
    const out = { stdout: '', stderr: '' };
    const io = { stdout: { write: (s: string) => (out.stdout += s) }, stderr: { write: (s: string) => (out.stderr += s) } };
    const argv = ['sync', '--base-url', registry.baseUrl, '--page-size', '5', '--rate', '100', '--since', '2024-03-01'];
    let code: number | null = null;
    const running = runCli(argv, { DATA_DIR: join(dir, 'data'), JWT_SECRET: TEST_SECRET, METRICS_PORT: '0' }, io).then((c) => (code = c));
    await waitFor(() => announcedPort(out.stderr) !== null || code !== null, 'the sync to serve its metrics', { timeoutMs: 30_000 });
    const port = announcedPort(out.stderr);
    if (port === null) throw new Error(`The sync did not say where it serves its metrics:\n${out.stderr}`);

    const scrapes: Scrape[] = [];
    while (code === null) {
      const scrape = await Scrape.of(port);
      if (scrape !== null) scrapes.push(scrape);
      await sleep(20);
    }
    await running;
    const m = SUMMARY.exec(out.stdout);
    if (m === null) throw new Error(`No summary:\n${out.stdout}\n${out.stderr}`);
    const [pages, studies, recorded, issues] = m.slice(1, 5).map(Number);
    expect([code, pages, studies]).toEqual([issues === 0 ? 0 : 1, 5, 25]);

    const pagesSeen = scrapes.map((s) => s.value('trial_ledger_registry_sync_pages_total') as number);
    expect(pagesSeen.every((n, i) => i === 0 || n >= pagesSeen[i - 1])).toBe(true);
    const last = scrapes[scrapes.length - 1];
    expect({
      pages: last.value('trial_ledger_registry_sync_pages_total'),
      read: last.value('trial_ledger_registry_sync_studies_total', { result: 'read' }),
      recorded: last.value('trial_ledger_registry_sync_studies_total', { result: 'recorded' }),
      reported: last.value('trial_ledger_registry_sync_reported_lines_total'),
      cursor: last.value('trial_ledger_registry_sync_cursor_timestamp_seconds'),
      progress: last.value('trial_ledger_registry_sync_progress_ratio'),
    }).toEqual({ pages, read: studies, recorded, reported: issues, cursor: Date.parse(`${m[5]}T00:00:00Z`) / 1000, progress: 1 });
    // No import ran here: none of its series.
    expect(last.value('trial_ledger_registry_import_entries_total')).toBeUndefined();
  });
});
