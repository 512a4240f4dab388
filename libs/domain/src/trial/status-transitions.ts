import { OperatorStatus, TrialStatus, isOperatorStatus } from './trial.values';

/**
 * The operator's transition table of the overall status (docs/status-lifecycle.md gives each rule's source).
 *
 * - Recruitment statuses follow a study from "not yet recruiting" to one of the closed statuses; COMPLETED,
 *   TERMINATED and WITHDRAWN close it. WITHDRAWN means "halted before the first participant enrolled", so it is
 *   further guarded on enrollment; TERMINATED is the stop after enrollment began.
 * - Expanded-access statuses move among themselves; NO_LONGER_AVAILABLE and APPROVED_FOR_MARKETING close the
 *   programme.
 * - UNKNOWN and WITHHELD are the registry's, never an operator's: UNKNOWN is derived from a lapsed verification
 *   (see unknown-status.ts), WITHHELD has no published definition. Neither is a target here.
 *
 * Registries do make moves this table leaves out (a COMPLETED study reopened, RECRUITING back to NOT_YET_RECRUITING).
 * An operator records such a move as a correction with a reason (`correctionTargets`); a registry version showing
 * one is recorded as observed and flagged.
 */
export const STATUS_TRANSITIONS: Readonly<Record<OperatorStatus, readonly OperatorStatus[]>> = {
  NOT_YET_RECRUITING: ['RECRUITING', 'ENROLLING_BY_INVITATION', 'ACTIVE_NOT_RECRUITING', 'SUSPENDED', 'WITHDRAWN'],
  RECRUITING: ['ENROLLING_BY_INVITATION', 'ACTIVE_NOT_RECRUITING', 'SUSPENDED', 'TERMINATED', 'COMPLETED', 'WITHDRAWN'],
  ENROLLING_BY_INVITATION: ['RECRUITING', 'ACTIVE_NOT_RECRUITING', 'SUSPENDED', 'TERMINATED', 'COMPLETED', 'WITHDRAWN'],
  ACTIVE_NOT_RECRUITING: ['RECRUITING', 'ENROLLING_BY_INVITATION', 'SUSPENDED', 'TERMINATED', 'COMPLETED'],
  SUSPENDED: [
    'NOT_YET_RECRUITING',
    'RECRUITING',
    'ENROLLING_BY_INVITATION',
    'ACTIVE_NOT_RECRUITING',
    'TERMINATED',
    'COMPLETED',
    'WITHDRAWN',
  ],
  TERMINATED: [],
  COMPLETED: [],
  WITHDRAWN: [],
  AVAILABLE: ['TEMPORARILY_NOT_AVAILABLE', 'NO_LONGER_AVAILABLE', 'APPROVED_FOR_MARKETING'],
  TEMPORARILY_NOT_AVAILABLE: ['AVAILABLE', 'NO_LONGER_AVAILABLE', 'APPROVED_FOR_MARKETING'],
  NO_LONGER_AVAILABLE: [],
  APPROVED_FOR_MARKETING: [],
};

export const FINAL_STATUSES: readonly TrialStatus[] = [
  'COMPLETED',
  'TERMINATED',
  'WITHDRAWN',
  'NO_LONGER_AVAILABLE',
  'APPROVED_FOR_MARKETING',
];

/** A reason (ClinicalTrials.gov `whyStopped`) is required when a study stops or pauses (42 CFR 11.10(b)). */
export const STATUSES_REQUIRING_WHY_STOPPED: readonly TrialStatus[] = ['SUSPENDED', 'TERMINATED', 'WITHDRAWN'];

export const isFinalStatus = (status: TrialStatus): boolean => FINAL_STATUSES.includes(status);

const EXPANDED_ACCESS = new Set<TrialStatus>(['AVAILABLE', 'TEMPORARILY_NOT_AVAILABLE', 'NO_LONGER_AVAILABLE', 'APPROVED_FOR_MARKETING']);
const sameFamily = (a: TrialStatus, b: TrialStatus): boolean => EXPANDED_ACCESS.has(a) === EXPANDED_ACCESS.has(b);

/**
 * The status an operator's change starts from. While the registry shows UNKNOWN or WITHHELD, the operator's
 * lifecycle continues from the last status a sponsor submitted; without one, from nowhere in particular.
 */
const lifecycleStatus = (status: TrialStatus, lastKnownStatus: TrialStatus | null): OperatorStatus | null => {
  if (isOperatorStatus(status)) return status;
  return lastKnownStatus !== null && isOperatorStatus(lastKnownStatus) ? lastKnownStatus : null;
};

/** Targets an ordinary status change may reach from `status`. */
export const allowedTargets = (status: TrialStatus, lastKnownStatus: TrialStatus | null): OperatorStatus[] => {
  const from = lifecycleStatus(status, lastKnownStatus);
  // The registry shows no submitted status to continue from, so any recruitment status may be submitted.
  if (from === null) return (Object.keys(STATUS_TRANSITIONS) as OperatorStatus[]).filter((s) => !EXPANDED_ACCESS.has(s));
  const onward = [...STATUS_TRANSITIONS[from]];
  return status === from ? onward : [from, ...onward];
};

/** Targets open only as a correction (with its reason): every other operator status of the same family. */
export const correctionTargets = (status: TrialStatus, lastKnownStatus: TrialStatus | null): OperatorStatus[] => {
  const from = lifecycleStatus(status, lastKnownStatus) ?? status;
  const ordinary = allowedTargets(status, lastKnownStatus);
  return (Object.keys(STATUS_TRANSITIONS) as OperatorStatus[]).filter((s) => s !== status && sameFamily(s, from) && !ordinary.includes(s));
};

/** Whether the operator table allows `from` → `to` as an ordinary change: what a registry observation is judged by. */
export const isLifecycleTransition = (from: TrialStatus, lastKnownStatus: TrialStatus | null, to: TrialStatus): boolean =>
  (allowedTargets(from, lastKnownStatus) as TrialStatus[]).includes(to);
