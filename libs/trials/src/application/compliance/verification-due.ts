import { TrialStatus, isFinalStatus } from '@trial-ledger/domain';
import { RecordedEvent } from '@trial-ledger/event-store';
import { calendarDaysBetween } from './compliance-dates';

/** ClinicalTrials.gov expects a sponsor to verify a record at least every 12 months. */
export const VERIFICATION_MONTHS = 12;

export interface VerificationCheck {
  /**
   * When the trial last had anything recorded. Every accepted command is taken as a fresh verification by the
   * sponsor: the ledger has no separate "record verified" command, and a sponsor who changes a record has looked at it.
   */
  lastRecordedAt: string;
  lastRevision: number;
  /** 12 months after the last record (UTC). */
  dueBy: string;
  /** False for COMPLETED, TERMINATED and WITHDRAWN: a closed record needs no further verification. */
  required: boolean;
  /** Required, and nothing recorded for more than 12 months. */
  overdue: boolean;
  daysSinceLastRecord: number;
}

const addMonths = (instant: Date, months: number): Date => {
  const next = new Date(instant);
  next.setUTCMonth(next.getUTCMonth() + months);
  return next;
};

export const verificationCheck = (events: readonly RecordedEvent[], status: TrialStatus, now: Date): VerificationCheck => {
  const last = events[events.length - 1];
  const lastRecordedAt = new Date(last.metadata.recordedAt);
  const dueBy = addMonths(lastRecordedAt, VERIFICATION_MONTHS);
  const required = !isFinalStatus(status);
  return {
    lastRecordedAt: last.metadata.recordedAt, lastRevision: last.revision, dueBy: dueBy.toISOString(), required,
    overdue: required && now.getTime() > dueBy.getTime(), daysSinceLastRecord: calendarDaysBetween(lastRecordedAt, now),
  };
};
