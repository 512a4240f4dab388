import { DomainError, ValidationError } from '../../shared/domain-error';
import { comparePartialDates, isPartialDate } from '../../shared/partial-date';
import { isLifecycleTransition } from '../status-transitions';
import { OBSERVED_FIELDS, ObservedChange, ObservedField, RegistryFlag, RegistryVersionObserved } from '../trial.events';
import { RegisteredTrial, RegistryVersionRef, TrialState } from '../trial.state';
import { CheckedRecord, consistencyProblems, newProblems } from './consistency';
import { effectiveDateOf } from './effective-dates';
import { ObserveRegistryVersion, ObservedRecord, RegistryVersion } from './registry-version';
import { recordDigest } from './record-digest';
import { observeSites } from './site-matching';
import { DEFAULT_UNKNOWN_POLICY, UnknownPolicy, unknownFrom } from './unknown-status';

/** Versions are ordered by the date the registry posted them, then by their number where the history gives one. */
const compareVersions = (
  a: Pick<RegistryVersionRef, 'postedDate' | 'version'>,
  b: Pick<RegistryVersionRef, 'postedDate' | 'version'>,
): number => {
  // An undated version is its source's latest word: after every dated one, and no dated one comes after it.
  if (a.postedDate === null || b.postedDate === null) {
    if (a.postedDate === b.postedDate) return (a.version ?? -1) - (b.version ?? -1);
    return a.postedDate === null ? 1 : -1;
  }
  return comparePartialDates(a.postedDate, b.postedDate) || (a.version ?? -1) - (b.version ?? -1);
};

const refuse = (nctId: string, version: RegistryVersion, held: RegistryVersionRef, why: string): DomainError =>
  new DomainError('STALE_REGISTRY_VERSION', `Trial ${nctId}: the version posted ${version.postedDate ?? '(undated)'} ${why}`, {
    nctId,
    postedDate: version.postedDate,
    heldPostedDate: held.postedDate,
  });

/**
 * Whether the ledger already holds this version: the same record again is nothing new. A different record of a
 * held version, or a version older than the newest held, is refused: history is never rewound or rewritten by an
 * import that arrives late, and the first record of a version stands, so a re-import never flips between two.
 */
const isHeld = (held: readonly RegistryVersionRef[], version: RegistryVersion, digest: string): boolean => {
  const nctId = version.record.nctId;
  const same = held.find((h) => compareVersions(h, version) === 0);
  if (same !== undefined && same.recordDigest === digest) return true;
  if (same !== undefined) throw refuse(nctId, version, same, 'is already recorded with a different record');
  const newest = held[held.length - 1];
  if (newest !== undefined && compareVersions(version, newest) < 0) {
    throw refuse(nctId, version, newest, `is older than the version posted ${newest.postedDate ?? '(undated)'} already recorded`);
  }
  return false;
};

const stated = (record: ObservedRecord, field: ObservedField): unknown => {
  const value = record[field];
  return value === undefined ? null : value;
};

const held = (trial: RegisteredTrial | null, field: ObservedField): unknown => (trial === null ? null : trial[field]);

/** Values compared as the store will keep them: through JSON, with empty lists as "not stated". */
const same = (a: unknown, b: unknown): boolean => {
  const norm = (v: unknown) => (Array.isArray(v) && v.length === 0 ? null : v);
  return JSON.stringify(norm(a)) === JSON.stringify(norm(b));
};

const changesOf = (trial: RegisteredTrial | null, version: RegistryVersion, policy: UnknownPolicy): ObservedChange[] =>
  OBSERVED_FIELDS.flatMap((field): ObservedChange[] => {
    const value = stated(version.record, field);
    if (same(value, held(trial, field))) return [];
    return [{ field, value: JSON.parse(JSON.stringify(value)) as unknown, effective: effectiveDateOf(field, version, policy) }];
  });

/** The untracked parts whose digest differs from the one held; a version that states none (an operator's test data) changes none. */
const untrackedChanges = (held: Record<string, string>, stated: Record<string, string> | undefined): Record<string, string | null> => {
  if (stated === undefined) return {};
  const changed: Record<string, string | null> = {};
  for (const path of new Set([...Object.keys(held), ...Object.keys(stated)])) {
    if (held[path] !== stated[path]) changed[path] = stated[path] ?? null;
  }
  return changed;
};

const checked = (r: ObservedRecord): CheckedRecord => ({
  studyType: r.studyType,
  phases: r.phases,
  status: r.status,
  whyStopped: r.whyStopped ?? null,
  enrollment: r.enrollment ?? null,
  startDate: r.startDate ?? null,
  primaryCompletionDate: r.primaryCompletionDate ?? null,
  completionDate: r.completionDate ?? null,
});

const statusFlags = (trial: RegisteredTrial | null, version: RegistryVersion, policy: UnknownPolicy): RegistryFlag[] => {
  const r = version.record;
  const flags: RegistryFlag[] = [];
  if (
    trial !== null &&
    trial.status !== r.status &&
    r.status !== 'UNKNOWN' &&
    !isLifecycleTransition(trial.status, trial.lastKnownStatus, r.status)
  ) {
    flags.push({
      code: 'TRANSITION_OUTSIDE_LIFECYCLE',
      severity: 'WARNING',
      field: 'status',
      message: `the registry moved ${trial.status} → ${r.status}, which the operator transition table does not allow; recorded as observed`,
    });
  }
  if (r.status === 'UNKNOWN' && (trial === null || trial.status !== 'UNKNOWN')) {
    if (!r.statusVerifiedDate) {
      flags.push({
        code: 'UNKNOWN_WITHOUT_VERIFIED_DATE',
        severity: 'WARNING',
        field: 'statusVerifiedDate',
        message: 'UNKNOWN is shown but no verified date is stated; dated to the posted version',
      });
    } else if (version.postedDate !== null && comparePartialDates(unknownFrom(r.statusVerifiedDate, policy), version.postedDate) > 0) {
      flags.push({
        code: 'UNKNOWN_BEFORE_DERIVABLE',
        severity: 'WARNING',
        field: 'status',
        message: `UNKNOWN is shown on ${version.postedDate}, before ${unknownFrom(r.statusVerifiedDate, policy)}, when a record verified ${r.statusVerifiedDate} could first be derived UNKNOWN`,
      });
    }
  }
  if (version.postedDate === null) {
    flags.push({
      code: 'VERSION_UNDATED',
      severity: 'WARNING',
      field: 'postedDate',
      message: 'the source states no date for this version; changes without a date of their own stay undated',
    });
  }
  if (r.status === 'UNKNOWN' && r.lastKnownStatus && !policy.openStatuses.includes(r.lastKnownStatus)) {
    flags.push({
      code: 'UNKNOWN_FROM_CLOSED_STATUS',
      severity: 'WARNING',
      field: 'lastKnownStatus',
      message: `UNKNOWN is derived only from an open status, but the last known status is ${r.lastKnownStatus}`,
    });
  }
  return flags;
};

const checkVersion = (nctId: string, version: RegistryVersion): void => {
  const violations = [];
  if (version.record.nctId !== nctId)
    violations.push({ field: 'identificationModule.nctId', message: `is ${version.record.nctId}, not ${nctId}` });
  if (version.postedDate !== null && !isPartialDate(version.postedDate))
    violations.push({ field: 'postedDate', message: `"${version.postedDate}" is not a date as yyyy, yyyy-MM or yyyy-MM-dd` });
  if (violations.length > 0) throw new ValidationError(violations);
};

/**
 * A registry version is recorded as the registry showed it, never refused by the operator's rules: every field
 * that differs from the ledger becomes a change dated by the record itself, and what looks odd becomes a flag.
 * The same version again is nothing new; an older one than the ledger holds is refused, so that history is
 * never rewound by an import that arrives late.
 */
export const observeRegistryVersion = (command: ObserveRegistryVersion, state: TrialState): RegistryVersionObserved[] => {
  const { nctId, version, unknownPolicy: policy = DEFAULT_UNKNOWN_POLICY } = command.data;
  checkVersion(nctId, version);
  const trial = state.registered ? state : null;
  const digest = recordDigest(version.record);
  if (isHeld(trial?.registryVersions ?? [], version, digest)) return [];
  const changes = changesOf(trial, version, policy);
  const sites = observeSites(nctId, trial?.sites ?? [], version.record.sites);
  const untracked = untrackedChanges(trial?.untrackedDigests ?? {}, version.record.untracked);
  const before = trial === null ? [] : consistencyProblems(trial, version.postedDate);
  const flags = [
    ...statusFlags(trial, version, policy),
    ...newProblems(before, consistencyProblems(checked(version.record), version.postedDate)),
  ];
  return [
    {
      type: 'RegistryVersionObserved',
      data: {
        nctId,
        source: version.source,
        version: version.version,
        postedDate: version.postedDate,
        recordDigest: digest,
        changes,
        sites,
        untracked,
        flags,
      },
    },
  ];
};
