import { Counter, Gauge, Registry } from 'prom-client';
import { Metrics } from './metrics';

/** A sync's tally after a page, as the sync reports it: the run's totals so far. */
export interface SyncPageTally {
  cursor: string;
  /** As the registry's first page counted them; null when it did not say. */
  totalCount: number | null;
  studies: number;
  recorded: number;
  issues: number;
}

/** Registered on first use, so a process that never syncs (or an import) shows no sync gauge at 0. */
const gaugeOnce = (registry: Registry, name: string, help: string): Gauge =>
  (registry.getSingleMetric(name) as Gauge | undefined) ?? new Gauge({ name, help, registers: [registry] });

/**
 * Counts a sync's pages into the registry sync metrics, for the scheduled sync and `cli sync` alike (each process
 * counts its own). The tally is the run's so far, so each page adds what it grew by; the progress ratio is the
 * share of the studies the registry announced for this run, when it announced them.
 */
export const syncPageCounter = (metrics: Metrics | undefined) => {
  let before = { studies: 0, recorded: 0, issues: 0 };
  return (tally: Readonly<SyncPageTally>): void => {
    if (metrics === undefined) return;
    metrics.syncPages.inc();
    metrics.syncStudies.inc({ result: 'read' }, tally.studies - before.studies);
    metrics.syncStudies.inc({ result: 'recorded' }, tally.recorded - before.recorded);
    metrics.syncReported.inc(tally.issues - before.issues);
    metrics.syncCursor.set(Date.parse(`${tally.cursor}T00:00:00Z`) / 1000);
    if (tally.totalCount !== null && tally.totalCount > 0)
      gaugeOnce(
        metrics.registry,
        'trial_ledger_registry_sync_progress_ratio',
        "Share of the studies the registry announced for the sync run in hand that it has read, 0 to 1; absent until a run's first page",
      ).set(Math.min(1, tally.studies / tally.totalCount));
    before = { studies: tally.studies, recorded: tally.recorded, issues: tally.issues };
  };
};

/** An import's tally after an entry: counted from the source's start, the skipped entries of a resumed run included. */
export interface ImportEntryTally {
  entries: number;
  skipped: number;
  versions: number;
  recorded: number;
  issues: number;
}

/** What the import knows of its input's size. */
export interface ImportInput {
  /** Entries in the input, when known up front (a zip, a folder); null for NDJSON. */
  total: number | null;
  /** Share of the input read, 0 to 1 (bytes, for NDJSON). */
  fractionRead(): number;
}

/**
 * An import's progress (`cli import`), in the process's registry. Only the process that imports creates it, so the
 * API and the worker show none of these series. Counts are of this run: a resumed run's skipped entries are in the
 * progress ratio, not in the counters.
 */
export class RegistryImportMetrics {
  private readonly entries: Counter;
  private readonly studies: Counter<'result'>;
  private readonly reported: Counter;
  private before: ImportEntryTally | null = null;

  constructor(
    metrics: Metrics,
    private readonly input: ImportInput,
  ) {
    const registers = [metrics.registry];
    this.entries = new Counter({
      name: 'trial_ledger_registry_import_entries_total',
      help: "Entries of the import's input (files of a zip or folder, lines of NDJSON) this run finished, their events durable; skipped ones not counted",
      registers,
    });
    this.studies = new Counter({
      name: 'trial_ledger_registry_import_studies_total',
      help: 'Study versions the import read (result="read") and of those, the ones that recorded a new version (result="recorded")',
      labelNames: ['result'] as const,
      registers,
    });
    this.reported = new Counter({
      name: 'trial_ledger_registry_import_reported_lines_total',
      help: 'Lines the import reported (a bad record, a location not kept, an untracked part that changed)',
      registers,
    });
    this.studies.inc({ result: 'read' }, 0);
    this.studies.inc({ result: 'recorded' }, 0);
    if (input.total !== null)
      new Gauge({
        name: 'trial_ledger_registry_import_input_entries',
        help: "Entries in the import's input; absent when not known up front (NDJSON)",
        registers,
      }).set(input.total);
    const progress = (): number => this.progress();
    new Gauge({
      name: 'trial_ledger_registry_import_progress_ratio',
      help: "Share of the import's input done, 0 to 1: entries done (skipped ones included) of the input's entries, or the bytes read for NDJSON",
      registers,
      collect() {
        this.set(progress());
      },
    });
  }

  /** After each entry, its events durable, and with the outcome at the end. */
  update(tally: Readonly<ImportEntryTally>): void {
    const before = this.before ?? { entries: tally.skipped, skipped: tally.skipped, versions: 0, recorded: 0, issues: 0 };
    this.entries.inc(tally.entries - before.entries);
    this.studies.inc({ result: 'read' }, tally.versions - before.versions);
    this.studies.inc({ result: 'recorded' }, tally.recorded - before.recorded);
    this.reported.inc(tally.issues - before.issues);
    this.before = { ...tally };
  }

  private progress(): number {
    const { total } = this.input;
    if (total === null) return this.input.fractionRead();
    if (total === 0) return 1;
    return Math.min(1, (this.before?.entries ?? 0) / total);
  }
}
