import { DomainError, UnknownPolicy, ValidationError } from '@trial-ledger/domain';
import { ImportIssue, RecordError, TrialSnapshot, readImportPath, registryVersionOf, untrackedChanges } from '@trial-ledger/importer';
import { TrialCommandExecutor } from '../shared/trial-command-executor';

const IMPORTER_ROLE = 'importer';

export interface ImportReport {
  snapshots: number;
  /** Versions that brought something new, each recorded as one observation. */
  recorded: number;
  /** Trials with at least one version recorded by this run, in id order. */
  trials: string[];
  issues: ImportIssue[];
  summary: string;
}

const recordOf = (snapshot: TrialSnapshot): string =>
  `${snapshot.nctId || '(no nctId)'}${snapshot.version === null ? '' : ` version ${snapshot.version}`}`;

const issueOf = (snapshot: TrialSnapshot, error: RecordError | DomainError): ImportIssue[] => {
  const line = (field: string, message: string): ImportIssue => ({ file: snapshot.source, record: recordOf(snapshot), field, message: `${message}; nothing of this version recorded` });
  if (error instanceof RecordError) return [line(error.field, error.message)];
  if (error instanceof ValidationError) return error.violations.map((v) => line(v.field, v.message));
  return [line('(version)', error.message)];
};

interface Meta {
  actor: string;
  correlationId?: string;
}

/** Who imports and under which registry assumptions; the domain's default derivation of UNKNOWN when not given. */
export interface ImportOptions extends Meta {
  unknownPolicy?: UnknownPolicy;
}

/** One version through the command pipeline: recorded, or reported with its record and field. */
const importSnapshot = async (executor: TrialCommandExecutor, snapshot: TrialSnapshot, options: ImportOptions): Promise<{ recorded: boolean; issues: ImportIssue[] }> => {
  try {
    const { version, omitted } = registryVersionOf(snapshot);
    const { unknownPolicy, ...meta } = options;
    const reason = `Registry version recorded as its source shows it: ${snapshot.source}`;
    const data = { nctId: version.record.nctId, version, ...(unknownPolicy ? { unknownPolicy } : {}) };
    const result = await executor.execute({ type: 'ObserveRegistryVersion', data }, { ...meta, role: IMPORTER_ROLE, reason });
    const issues = omitted.map((o) => ({ file: snapshot.source, record: recordOf(snapshot), field: o.field, message: o.message }));
    return { recorded: result.eventIds.length > 0, issues };
  } catch (error) {
    if (!(error instanceof RecordError) && !(error instanceof DomainError)) throw error;
    return { recorded: false, issues: issueOf(snapshot, error) };
  }
};

/** Differences between a trial's consecutive versions in fields the ledger does not record, one line each. */
const untrackedIssues = (previous: TrialSnapshot | undefined, snapshot: TrialSnapshot): ImportIssue[] => {
  if (previous === undefined || previous.nctId !== snapshot.nctId) return [];
  return untrackedChanges(previous.record, snapshot.record).map((field) => ({
    file: snapshot.source, record: recordOf(snapshot), field: `protocolSection.${field}`, message: 'changed in this version; the ledger does not record this field',
  }));
};

/**
 * Records every version under `path` as a registry observation, through the same executor as the API. A bad
 * version is reported with its record and field and nothing of it is recorded; the others go on.
 */
export const importPath = async (
  executor: TrialCommandExecutor, path: string, actor: string, correlationId?: string, unknownPolicy?: UnknownPolicy,
): Promise<ImportReport> => {
  const read = readImportPath(path);
  const issues = [...read.issues];
  const trials = new Set<string>();
  let recorded = 0;
  let previous: TrialSnapshot | undefined;
  for (const snapshot of read.snapshots) {
    const outcome = await importSnapshot(executor, snapshot, { actor, correlationId, unknownPolicy });
    issues.push(...untrackedIssues(previous, snapshot), ...outcome.issues);
    previous = snapshot;
    if (!outcome.recorded) continue;
    recorded += 1;
    trials.add(snapshot.nctId);
  }
  const names = [...trials].sort();
  const summary = `${read.snapshots.length} versions read, ${recorded} recorded for ${names.length} trials${names.length ? ` (${names.join(', ')})` : ''}, ${issues.length} lines reported`;
  return { snapshots: read.snapshots.length, recorded, trials: names, issues, summary };
};
