import { PartialDate, RegisteredTrial, TrialStatus, addMonths, isFinalStatus } from '@trial-ledger/domain';
import { isPast } from './compliance-dates';

/** 42 CFR 11.64(a)(1): a sponsor verifies the record at least once every 12 months, even when nothing changed. */
export const VERIFICATION_MONTHS = 12;

export interface VerificationCheck {
  /** The registry's statusVerifiedDate or an operator's verification, whichever is later; null when none is known. */
  lastVerified: PartialDate | null;
  dueBy: PartialDate | null;
  /** False once the study is closed: a closed record needs no further verification. */
  required: boolean;
  overdue: boolean;
}

export const verificationCheck = (
  trial: Pick<RegisteredTrial, 'statusVerifiedDate'>,
  status: TrialStatus,
  asOf: PartialDate,
): VerificationCheck => {
  const last = trial.statusVerifiedDate;
  const dueBy = last === null ? null : addMonths(last, VERIFICATION_MONTHS);
  const required = !isFinalStatus(status);
  // A month counts to its end: verified 2024-03 is due by 2025-03 and overdue from 2025-04-01.
  const overdue = required && (dueBy === null || isPast(asOf, dueBy));
  return { lastVerified: last, dueBy, required, overdue };
};
