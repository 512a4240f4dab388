import { ImportIssue, SourceError, openImportSource, preparedHere } from '@trial-ledger/importer';
import { UnknownPolicy } from '@trial-ledger/domain';
import { TrialCommandExecutor } from '../shared/trial-command-executor';
import { importSource, sourceIssue } from './import-source';

export interface ImportReport {
  snapshots: number;
  /** Versions that brought something new, each recorded as one observation. */
  recorded: number;
  /** Trials with at least one version recorded by this run, in id order. */
  trials: string[];
  issues: ImportIssue[];
  summary: string;
}

/**
 * Records every version under `path` (a folder, a zip, NDJSON or one JSON file) as a registry observation and
 * answers every reported line and recorded trial at once: for the seeds and other inputs of a few files. The CLI
 * streams a source of any size through importSource instead, writing each line as it comes.
 */
export const importPath = async (
  executor: TrialCommandExecutor,
  path: string,
  actor: string,
  correlationId?: string,
  unknownPolicy?: UnknownPolicy,
): Promise<ImportReport> => {
  const issues: ImportIssue[] = [];
  const trials = new Set<string>();
  let versions = 0;
  let recorded = 0;
  try {
    const source = await openImportSource(path);
    const hooks = { onIssue: (issue: ImportIssue) => issues.push(issue), onRecorded: (nctId: string) => trials.add(nctId) };
    ({ versions, recorded } = await importSource(executor, preparedHere(source), { actor, correlationId, unknownPolicy }, hooks));
  } catch (error) {
    if (!(error instanceof SourceError)) throw error;
    issues.push(sourceIssue(error));
  }
  const names = [...trials].sort();
  const summary = `${versions} versions read, ${recorded} recorded for ${names.length} trials${names.length ? ` (${names.join(', ')})` : ''}, ${issues.length} lines reported`;
  return { snapshots: versions, recorded, trials: names, issues, summary };
};
