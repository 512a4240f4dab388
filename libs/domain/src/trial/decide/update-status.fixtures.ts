import { TRIAL_STATUSES, TrialStatus } from '../trial.values';

/**
 * The lifecycle as the specs expect it, written out independently of STATUS_TRANSITIONS so that
 * dropping or adding an entry in the domain table fails a spec instead of silently moving the expectation.
 */
export const EXPECTED_TRANSITIONS: Readonly<Record<string, readonly TrialStatus[]>> = {
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

export const NEEDS_WHY_STOPPED: readonly TrialStatus[] = ['SUSPENDED', 'TERMINATED', 'WITHDRAWN'];

/** Splits every status into the targets `allowed` permits and the ones it must refuse. */
export const pairsFrom = (allowed: readonly TrialStatus[]) => ({
  allowedPairs: TRIAL_STATUSES.filter((to) => allowed.includes(to)),
  refusedPairs: TRIAL_STATUSES.filter((to) => !allowed.includes(to)),
});
