import { PartialDate, addMonths, comparePartialDates } from '../../shared/partial-date';
import { TrialStatus } from '../trial.values';

/**
 * How the registry derives UNKNOWN: a record whose last submitted status is open and whose verification is more
 * than two years old (ClinicalTrials.gov glossary, "Unknown status"). Which statuses count as open and how months
 * are counted are not published (⚠ in docs/status-lifecycle.md), so both are configurable.
 */
export interface UnknownPolicy {
  openStatuses: readonly TrialStatus[];
  monthsWithoutVerification: number;
}

export const DEFAULT_UNKNOWN_POLICY: UnknownPolicy = {
  openStatuses: ['NOT_YET_RECRUITING', 'RECRUITING', 'ENROLLING_BY_INVITATION', 'ACTIVE_NOT_RECRUITING'],
  monthsWithoutVerification: 24,
};

/** The first day the registry could show UNKNOWN for a record last verified on `verified`. */
export const unknownFrom = (verified: PartialDate, policy: UnknownPolicy = DEFAULT_UNKNOWN_POLICY): PartialDate =>
  addMonths(verified, policy.monthsWithoutVerification);

export interface StatusAsOf {
  status: TrialStatus;
  lastKnownStatus: TrialStatus | null;
  /** Set when the status is UNKNOWN by derivation: the first day it applies. */
  derivedUnknownSince: PartialDate | null;
}

/** The status the registry would show on `asOf`: the recorded one, or UNKNOWN derived from a lapsed verification. */
export const statusAsOf = (
  trial: { status: TrialStatus; lastKnownStatus: TrialStatus | null; statusVerifiedDate: PartialDate | null },
  asOf: PartialDate,
  policy: UnknownPolicy = DEFAULT_UNKNOWN_POLICY,
): StatusAsOf => {
  const recorded = { status: trial.status, lastKnownStatus: trial.lastKnownStatus, derivedUnknownSince: null };
  if (!policy.openStatuses.includes(trial.status) || trial.statusVerifiedDate === null) return recorded;
  const since = unknownFrom(trial.statusVerifiedDate, policy);
  if (comparePartialDates(asOf, since) < 0) return recorded;
  return { status: 'UNKNOWN', lastKnownStatus: trial.status, derivedUnknownSince: since };
};
