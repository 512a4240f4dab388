import { DomainError, TrialEvent, UnknownPolicy, ValidationError } from '@trial-ledger/domain';
import { ImportIssue, RecordError, TrialSnapshot, readImportPath, registryVersionOf } from '@trial-ledger/importer';
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
    const untracked = result.replayed || result.revision === 1 ? [] : untrackedLines(snapshot, result.events);
    return { recorded: result.eventIds.length > 0, issues: [...issues, ...untracked] };
  } catch (error) {
    if (!(error instanceof RecordError) && !(error instanceof DomainError)) throw error;
    return { recorded: false, issues: issueOf(snapshot, error) };
  }
};

/**
 * The parts of the record the ledger does not record that this version changed, since the version the ledger held
 * before it (in this run or an earlier one), one line each. A trial's first event has nothing to be compared with; a
 * trial an operator registered lists every such part with its first registry version.
 */
const untrackedLines = (snapshot: TrialSnapshot, events: readonly TrialEvent[]): ImportIssue[] =>
  events.flatMap((event) => (event.type === 'RegistryVersionObserved' ? Object.entries(event.data.untracked) : []))
    .map(([path, digest]) => ({
      file: snapshot.source, record: recordOf(snapshot), field: `protocolSection.${path}`,
      message: digest === null
        ? 'is no longer in this version; the ledger does not record this field'
        : 'differs from the version the ledger held before (or is new to it); the ledger keeps only a digest of this field',
    }));

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
  for (const snapshot of read.snapshots) {
    const outcome = await importSnapshot(executor, snapshot, { actor, correlationId, unknownPolicy });
    issues.push(...outcome.issues);
    if (!outcome.recorded) continue;
    recorded += 1;
    trials.add(snapshot.nctId);
  }
  const names = [...trials].sort();
  const summary = `${read.snapshots.length} versions read, ${recorded} recorded for ${names.length} trials${names.length ? ` (${names.join(', ')})` : ''}, ${issues.length} lines reported`;
  return { snapshots: read.snapshots.length, recorded, trials: names, issues, summary };
};
