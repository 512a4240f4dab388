import { TrialStatus, comparePartialDates, partialDateStart } from '@trial-ledger/domain';
import { toDays } from './compliance-dates';

export interface StatusSpan {
  status: TrialStatus;
  revision: number;
  /** The version's date: the registry's posted date, or the day an operator's command was recorded. */
  from: string;
  /** The next version's date, or the report's as-of date for the last. */
  to: string;
  open: boolean;
  days: number;
}

export interface TimeInStatus {
  spans: StatusSpan[];
  daysByStatus: Partial<Record<TrialStatus, number>>;
}

/** One dated version: the status it left the trial in, and the date the version carries. */
export interface DatedVersion {
  status: TrialStatus;
  revision: number;
  date: string;
}

/** The span of `version` up to `to`; null when it lasts 0 days or less, which cthist drops. */
export const statusSpan = (version: DatedVersion, to: string, open: boolean): StatusSpan | null => {
  const days = toDays(partialDateStart(to).getTime() - partialDateStart(version.date).getTime());
  if (days <= 0 || comparePartialDates(version.date, to) >= 0) return null;
  return { status: version.status, revision: version.revision, from: version.date, to, open, days };
};

/** Days per status, summed in hundredths as integers, so that many spans drift by no floating-point error. */
export const addDays = (byStatus: Partial<Record<TrialStatus, number>>, status: TrialStatus, days: number): void => {
  byStatus[status] = Math.round((byStatus[status] ?? 0) * 100 + days * 100) / 100;
};
