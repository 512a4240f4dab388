import { TrialStatus } from './trial.values';

/**
 * The one transition table of the overall-status lifecycle (documented in docs/status-lifecycle.md).
 *
 * - COMPLETED, TERMINATED and WITHDRAWN are final: a closed study is not reopened, a new one is registered.
 * - WITHDRAWN means "halted before the first participant enrolled", so it is further guarded on enrollment
 *   (see `withdrawalBlockedBy`); TERMINATED is the stop after enrollment began, so it is not offered before
 *   recruiting started.
 * - UNKNOWN is set when a record's verification lapsed; it remembers the last known status, and leaving it
 *   goes back to that status or to anywhere that status could have gone.
 */
export const STATUS_TRANSITIONS: Readonly<Record<Exclude<TrialStatus, 'UNKNOWN'>, readonly TrialStatus[]>> = {
  NOT_YET_RECRUITING: ['RECRUITING', 'ENROLLING_BY_INVITATION', 'ACTIVE_NOT_RECRUITING', 'SUSPENDED', 'WITHDRAWN', 'UNKNOWN'],
  RECRUITING: ['ENROLLING_BY_INVITATION', 'ACTIVE_NOT_RECRUITING', 'SUSPENDED', 'TERMINATED', 'COMPLETED', 'WITHDRAWN', 'UNKNOWN'],
  ENROLLING_BY_INVITATION: ['RECRUITING', 'ACTIVE_NOT_RECRUITING', 'SUSPENDED', 'TERMINATED', 'COMPLETED', 'WITHDRAWN', 'UNKNOWN'],
  ACTIVE_NOT_RECRUITING: ['RECRUITING', 'ENROLLING_BY_INVITATION', 'SUSPENDED', 'TERMINATED', 'COMPLETED', 'UNKNOWN'],
  SUSPENDED: ['NOT_YET_RECRUITING', 'RECRUITING', 'ENROLLING_BY_INVITATION', 'ACTIVE_NOT_RECRUITING', 'TERMINATED', 'COMPLETED', 'WITHDRAWN', 'UNKNOWN'],
  TERMINATED: [],
  COMPLETED: [],
  WITHDRAWN: [],
};

export const FINAL_STATUSES: readonly TrialStatus[] = ['COMPLETED', 'TERMINATED', 'WITHDRAWN'];

/** A reason (ClinicalTrials.gov `whyStopped`) is required when a study stops or pauses. */
export const STATUSES_REQUIRING_WHY_STOPPED: readonly TrialStatus[] = ['SUSPENDED', 'TERMINATED', 'WITHDRAWN'];

export const isFinalStatus = (status: TrialStatus): boolean => FINAL_STATUSES.includes(status);

const ALL_BUT_UNKNOWN = Object.keys(STATUS_TRANSITIONS) as TrialStatus[];

/** Targets reachable from `status`; from UNKNOWN they depend on the status known before it. */
export const allowedTargets = (status: TrialStatus, lastKnownStatus: TrialStatus | null): TrialStatus[] => {
  if (status !== 'UNKNOWN') return [...STATUS_TRANSITIONS[status]];
  if (lastKnownStatus === null || lastKnownStatus === 'UNKNOWN') {
    return [...ALL_BUT_UNKNOWN];
  }
  const onward = STATUS_TRANSITIONS[lastKnownStatus].filter((s) => s !== 'UNKNOWN');
  return [lastKnownStatus, ...onward];
};
