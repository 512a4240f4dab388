import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startCliWith } from '../support/cli-child';
import { corpusEntries, realRecords, writeRegistryZip } from '../support/registry-corpus';
import { waitFor } from '../support/wait-for';
import { Scrape, announcedPort } from './prometheus';

jest.setTimeout(180_000);

const STUDIES = 1_000;

interface Summary {
  entries: number;
  versions: number;
  recorded: number;
  issues: number;
}

const summaryOf = (stdout: string): Summary => {
  const match = /^(\d+) entries, (\d+) versions read, (\d+) recorded \(\d+ new trials\), (\d+) lines reported/m.exec(stdout);
  if (match === null) throw new Error(`No summary in the import's output:\n${stdout}`);
  const [entries, versions, recorded, issues] = match.slice(1).map(Number);
  return { entries, versions, recorded, issues };
};

const countsOf = (s: Scrape) => ({
  entries: s.value('trial_ledger_registry_import_entries_total'),
  versions: s.value('trial_ledger_registry_import_studies_total', { result: 'read' }),
  recorded: s.value('trial_ledger_registry_import_studies_total', { result: 'recorded' }),
  issues: s.value('trial_ledger_registry_import_reported_lines_total'),
});

describe('cli import serves its progress on METRICS_PORT while it runs (embedded SQLite, CLI process from sources)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'import-metrics-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('given a zip of 1,000 studies, when Prometheus scrapes the CLI during the import, then the counts grow to those of its summary', async () => {
    const zip = join(dir, 'registry.zip');
    await writeRegistryZip(zip, corpusEntries(realRecords(), STUDIES));
    const run = startCliWith({ METRICS_PORT: '0', METRICS_FINAL_SCRAPE_SECONDS: '60' }, join(dir, 'data'), 'import', zip);
    await waitFor(() => announcedPort(run.out.stderr) !== null || run.child.exitCode !== null, 'the CLI to serve its metrics', {
      timeoutMs: 60_000,
    });
    const port = announcedPort(run.out.stderr);
    if (port === null) throw new Error(`The CLI did not say where it serves its metrics:\n${run.out.stderr}`);

    // As Prometheus would, far more often: every scrape until the process is gone.
    const scrapes: Scrape[] = [];
    while (run.child.exitCode === null && run.child.signalCode === null) {
      const scrape = await Scrape.of(port);
      if (scrape !== null) scrapes.push(scrape);
      await sleep(50);
    }
    const { code } = await run.ended;
    const summary = summaryOf(run.out.stdout);
    expect(code).toBe(summary.issues === 0 ? 0 : 1);
    expect(summary.entries).toBe(STUDIES);

    // The series come once the source is open (its size known): absent before, then never going back.
    const seen = scrapes.map((s) => s.value('trial_ledger_registry_import_entries_total'));
    const entries = seen.slice(seen.findIndex((n) => n !== undefined));
    expect(entries.every((n, i) => n !== undefined && (i === 0 || n >= (entries[i - 1] as number)))).toBe(true);
    const midway = scrapes.filter((s) => {
      const done = s.value('trial_ledger_registry_import_entries_total') as number;
      return done > 0 && done < STUDIES;
    });
    expect(midway.length).toBeGreaterThan(0);
    for (const s of midway) {
      const ratio = s.value('trial_ledger_registry_import_progress_ratio') as number;
      expect(ratio).toBeGreaterThan(0);
      expect(ratio).toBeLessThan(1);
    }

    // The final counts were served until a scrape read them, so the last scrape holds the summary's.
    const last = scrapes[scrapes.length - 1];
    expect(countsOf(last)).toEqual(summary);
    expect(run.out.stderr).toMatch(/serving the final counts on port \d+ until the next scrape/);
    expect(last.value('trial_ledger_registry_import_progress_ratio')).toBe(1);
    expect(last.value('trial_ledger_registry_import_input_entries')).toBe(STUDIES);
    expect(last.type('trial_ledger_registry_import_entries_total')).toBe('COUNTER');
    expect(last.type('trial_ledger_registry_import_progress_ratio')).toBe('GAUGE');
    // The executor's own counts and the process's metrics come with them.
    expect(last.value('trial_ledger_commands_total', { outcome: 'accepted' })).toBeGreaterThan(0);
    expect(last.value('process_cpu_user_seconds_total')).toBeGreaterThan(0);
  });
});
