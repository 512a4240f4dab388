import { DomainError, TrialEvent, UnknownPolicy, ValidationError } from '@trial-ledger/domain';
import { ImportIssue, PreparedVersion, RecordError, TrialSnapshot, prepareVersion } from '@trial-ledger/importer';
import { TrialCommandExecutor } from '../shared/trial-command-executor';

const IMPORTER_ROLE = 'importer';

/** Who imports and under which registry assumptions; the domain's default derivation of UNKNOWN when not given. */
export interface ImportOptions {
  actor: string;
  correlationId?: string;
  unknownPolicy?: UnknownPolicy;
}

export interface SnapshotOutcome {
  /** The version brought something new and was recorded as one observation. */
  recorded: boolean;
  /** This observation began the trial's stream. */
  newTrial: boolean;
  issues: ImportIssue[];
}

type VersionOf = Pick<TrialSnapshot, 'nctId' | 'version' | 'source'>;

export const recordOf = (snapshot: VersionOf): string =>
  `${snapshot.nctId || '(no nctId)'}${snapshot.version === null ? '' : ` version ${snapshot.version}`}`;

const issueOf = (snapshot: VersionOf, error: RecordError | DomainError): ImportIssue[] => {
  const line = (field: string, message: string): ImportIssue => ({
    file: snapshot.source,
    record: recordOf(snapshot),
    field,
    message: `${message}; nothing of this version recorded`,
  });
  if (error instanceof RecordError) return [line(error.field, error.message)];
  if (error instanceof ValidationError) return error.violations.map((v) => line(v.field, v.message));
  return [line('(version)', error.message)];
};

/**
 * The parts of the record the ledger does not record that this version changed, since the version the ledger held
 * before it (in this run or an earlier one), one line each. A trial's first event has nothing to be compared with; a
 * trial an operator registered lists every such part with its first registry version.
 */
const untrackedLines = (snapshot: VersionOf, events: readonly TrialEvent[]): ImportIssue[] =>
  events
    .flatMap((event) => (event.type === 'RegistryVersionObserved' ? Object.entries(event.data.untracked) : []))
    .map(([path, digest]) => ({
      file: snapshot.source,
      record: recordOf(snapshot),
      field: `protocolSection.${path}`,
      message:
        digest === null
          ? 'is no longer in this version; the ledger does not record this field'
          : 'differs from the version the ledger held before (or is new to it); the ledger keeps only a digest of this field',
    }));

/** One prepared version through the command pipeline: recorded, or reported with its record and field. */
export const recordVersion = async (
  executor: TrialCommandExecutor,
  prepared: PreparedVersion,
  options: ImportOptions,
): Promise<SnapshotOutcome> => {
  if ('error' in prepared)
    return { recorded: false, newTrial: false, issues: issueOf(prepared, new RecordError(prepared.error.field, prepared.error.message)) };
  try {
    const { registryVersion: version, omitted } = prepared;
    const { unknownPolicy, ...meta } = options;
    const reason = `Registry version recorded as its source shows it: ${prepared.source}`;
    const data = { nctId: version.record.nctId, version, ...(unknownPolicy ? { unknownPolicy } : {}) };
    const result = await executor.execute({ type: 'ObserveRegistryVersion', data }, { ...meta, role: IMPORTER_ROLE, reason });
    const issues = omitted.map((o) => ({ file: prepared.source, record: recordOf(prepared), field: o.field, message: o.message }));
    const untracked = result.replayed || result.revision === 1 ? [] : untrackedLines(prepared, result.events);
    const recorded = result.eventIds.length > 0;
    return { recorded, newTrial: recorded && result.revision === result.eventIds.length, issues: [...issues, ...untracked] };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return { recorded: false, newTrial: false, issues: issueOf(prepared, error) };
  }
};

/** One snapshot prepared in this thread and recorded (a version that came by other means than a source). */
export const importSnapshot = (executor: TrialCommandExecutor, snapshot: TrialSnapshot, options: ImportOptions): Promise<SnapshotOutcome> =>
  recordVersion(executor, prepareVersion(snapshot), options);
