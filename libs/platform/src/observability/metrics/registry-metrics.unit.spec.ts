import { Metrics } from './metrics';
import { RegistryImportMetrics, syncPageCounter } from './registry-metrics';

const valueOf = async (metrics: Metrics, name: string, labels: Record<string, string> = {}): Promise<number | undefined> => {
  const metric = metrics.registry.getSingleMetric(name);
  if (metric === undefined) return undefined;
  const { values } = await metric.get();
  return values.find((v) => Object.entries(labels).every(([k, l]) => (v.labels as Record<string, string>)[k] === l))?.value;
};

const tally = (entries: number, skipped: number, versions: number, recorded: number, issues: number) => ({
  entries,
  skipped,
  versions,
  recorded,
  issues,
});

describe('registry import and sync metrics', () => {
  it('given a resumed import of a zip, when entries finish, then the counters hold this run only and the ratio the whole input', async () => {
    const metrics = new Metrics();
    const counted = new RegistryImportMetrics(metrics, { total: 10, fractionRead: () => 0 });
    expect(await valueOf(metrics, 'trial_ledger_registry_import_progress_ratio')).toBe(0);

    counted.update(tally(5, 4, 1, 1, 0));
    counted.update(tally(8, 4, 4, 3, 2));

    expect(await valueOf(metrics, 'trial_ledger_registry_import_entries_total')).toBe(4);
    expect(await valueOf(metrics, 'trial_ledger_registry_import_studies_total', { result: 'read' })).toBe(4);
    expect(await valueOf(metrics, 'trial_ledger_registry_import_studies_total', { result: 'recorded' })).toBe(3);
    expect(await valueOf(metrics, 'trial_ledger_registry_import_reported_lines_total')).toBe(2);
    expect(await valueOf(metrics, 'trial_ledger_registry_import_input_entries')).toBe(10);
    expect(await valueOf(metrics, 'trial_ledger_registry_import_progress_ratio')).toBe(0.8);
  });

  it('given NDJSON (no count up front), then the ratio is the share of bytes read and the input size is absent', async () => {
    const metrics = new Metrics();
    let fraction = 0.25;
    const counted = new RegistryImportMetrics(metrics, { total: null, fractionRead: () => fraction });
    counted.update(tally(3, 0, 3, 3, 0));
    expect(await valueOf(metrics, 'trial_ledger_registry_import_progress_ratio')).toBe(0.25);
    fraction = 0.5;
    expect(await valueOf(metrics, 'trial_ledger_registry_import_progress_ratio')).toBe(0.5);
    expect(await valueOf(metrics, 'trial_ledger_registry_import_input_entries')).toBeUndefined();
  });

  it('given sync pages, then each adds what it grew by, and the ratio comes only with a count from the registry', async () => {
    const metrics = new Metrics();
    const count = syncPageCounter(metrics);
    const page = { cursor: '2024-03-02', totalCount: null, studies: 10, recorded: 9, issues: 1 };
    count(page);
    expect(metrics.registry.getSingleMetric('trial_ledger_registry_sync_progress_ratio')).toBeUndefined();
    count({ ...page, totalCount: 40, studies: 20, recorded: 15 });
    expect(await valueOf(metrics, 'trial_ledger_registry_sync_pages_total')).toBe(2);
    expect(await valueOf(metrics, 'trial_ledger_registry_sync_studies_total', { result: 'read' })).toBe(20);
    expect(await valueOf(metrics, 'trial_ledger_registry_sync_studies_total', { result: 'recorded' })).toBe(15);
    expect(await valueOf(metrics, 'trial_ledger_registry_sync_reported_lines_total')).toBe(1);
    expect(await valueOf(metrics, 'trial_ledger_registry_sync_progress_ratio')).toBe(0.5);
    // A second run (the scheduled sync's next) counts on, in the same registry.
    syncPageCounter(metrics)({ ...page, totalCount: 10, studies: 5 });
    expect(await valueOf(metrics, 'trial_ledger_registry_sync_studies_total', { result: 'read' })).toBe(25);
    expect(await valueOf(metrics, 'trial_ledger_registry_sync_progress_ratio')).toBe(0.5);
  });
});
