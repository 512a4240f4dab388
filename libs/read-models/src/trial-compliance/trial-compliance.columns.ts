import { TrialStatus, addMonths, consistencyProblems, isFinalStatus, partialDateStart, TRIAL_DATE_FIELDS } from '@trial-ledger/domain';
import { DAY_MS, isoDate, periodEnd } from './rules/compliance-dates';
import { RESULTS_MONTHS, looksApplicable, registrationCheck } from './rules/reporting-duties';
import { VERIFICATION_MONTHS } from './rules/verification-due';
import { ComplianceFindings, closedDaysOf, isoStart, storedFindings } from './trial-compliance.projection';

/** Before every day: a trial with no known verification is overdue from the start. */
export const ALWAYS = '0000-01-01';

/**
 * One trial's findings as the indexed columns the day-dependent counts filter on. Every date is a partial date's
 * first day (or the first day after a period) as yyyy-MM-dd, so a comparison with the report's day is a string one.
 */
export interface ComplianceColumns {
  nctId: string;
  status: TrialStatus;
  final: number;
  /** statusVerifiedDate's first day and precision (1 year, 2 month, 3 day): UNKNOWN is derived from it at read time. */
  verifiedStart: string | null;
  verifiedPrecision: number | null;
  /** The first day verification is overdue (when required). */
  verificationDueFrom: string;
  /** The first day results are overdue, for a study that looks applicable with an ACTUAL primary completion. */
  resultsDueFrom: string | null;
  resultsSubmitted: string | null;
  /** ERRORs whatever the day; an ACTUAL date after the day of a report adds one per field. */
  staticErrors: number;
  latestActual: string | null;
  lateRegistration: number;
  lateRecords: number;
  openStatus: TrialStatus | null;
  openFromDay: number | null;
  latestReported: string | null;
}

const latestActualOf = (trial: ComplianceFindings['trial']): string | null =>
  TRIAL_DATE_FIELDS.map((f) => trial[f])
    .flatMap((d) => (d?.type === 'ACTUAL' ? [isoStart(d.date)] : []))
    .reduce<string | null>((a, b) => (a === null || b > a ? b : a), null);

export const columnsOf = (f: ComplianceFindings): ComplianceColumns => {
  const { trial } = f;
  const verified = trial.statusVerifiedDate;
  const pcd = trial.primaryCompletionDate?.type === 'ACTUAL' ? trial.primaryCompletionDate.date : null;
  const resultsDue = looksApplicable(trial) && pcd !== null ? addMonths(pcd, RESULTS_MONTHS) : null;
  return {
    nctId: f.nctId,
    status: trial.status,
    final: isFinalStatus(trial.status) ? 1 : 0,
    verifiedStart: verified === null ? null : isoStart(verified),
    verifiedPrecision: verified === null ? null : verified.split('-').length,
    verificationDueFrom: verified === null ? ALWAYS : isoDate(periodEnd(addMonths(verified, VERIFICATION_MONTHS))),
    resultsDueFrom: resultsDue === null ? null : isoDate(periodEnd(resultsDue)),
    resultsSubmitted: trial.resultsFirstSubmittedDate === null ? null : isoStart(trial.resultsFirstSubmittedDate),
    staticErrors: consistencyProblems(trial, null).filter((p) => p.severity === 'ERROR').length,
    latestActual: latestActualOf(trial),
    lateRegistration: registrationCheck(trial).late ? 1 : 0,
    lateRecords: f.lateRecords.length,
    openStatus: f.lastVersion?.status ?? null,
    openFromDay: f.lastVersion === null ? null : dayNumber(f.lastVersion.date),
    latestReported: f.latestReported,
  };
};

export const yearOf = (isoDate: string): string => isoDate.slice(0, 4);

/** Days since 1970-01-01 of a partial date's first day. */
export const dayNumber = (date: string): number => Math.round(partialDateStart(date).getTime() / DAY_MS);

/**
 * What one trial adds to the running totals: every count that does not depend on the day, and those that do by
 * the year of the date they turn on. The projection writes the difference from what the trial added before, so a
 * total never needs a scan.
 */
export const contributionOf = (f: ComplianceFindings, c: ComplianceColumns = columnsOf(f)): Map<string, number> => {
  const parts = new Map<string, number>([
    ['trials', 1],
    ['trialsWithLateRecords', c.lateRecords > 0 ? 1 : 0],
    ['lateRecords', c.lateRecords],
    ['lateRegistrations', c.lateRegistration],
    ['trialsWithStaticErrors', c.staticErrors > 0 ? 1 : 0],
  ]);
  for (const [status, hundredths] of closedDaysOf(f)) parts.set(`closed:${status}`, hundredths);
  // Day-dependent counts by the year their date falls in: a count reads whole years here, the current one from an index.
  if (c.final === 0) parts.set(`verificationDue:${yearOf(c.verificationDueFrom)}`, 1);
  if (c.resultsDueFrom !== null && c.resultsSubmitted === null) parts.set(`resultsDue:${yearOf(c.resultsDueFrom)}`, 1);
  if (c.verifiedStart !== null) parts.set(`verified:${c.status}:${c.verifiedPrecision}:${yearOf(c.verifiedStart)}`, 1);
  if (c.openStatus !== null && c.openFromDay !== null) {
    parts.set(`open:${c.openStatus}`, 1);
    parts.set(`openFrom:${c.openStatus}`, c.openFromDay);
  }
  return parts;
};

/** `after` minus `before`, leaving out what did not change. */
export const contributionDelta = (before: Map<string, number> | null, after: Map<string, number>): Map<string, number> => {
  const delta = new Map<string, number>();
  for (const key of new Set([...(before?.keys() ?? []), ...after.keys()])) {
    const d = (after.get(key) ?? 0) - (before?.get(key) ?? 0);
    if (d !== 0) delta.set(key, d);
  }
  return delta;
};

/** The column values in the order of COMPLIANCE_COLUMNS, then the findings as JSON. */
export const rowOf = (f: ComplianceFindings, c: ComplianceColumns = columnsOf(f)): unknown[] => {
  return [
    c.nctId,
    c.status,
    c.final,
    c.verifiedStart,
    c.verifiedPrecision,
    c.verificationDueFrom,
    c.resultsDueFrom,
    c.resultsSubmitted,
    c.staticErrors,
    c.latestActual,
    c.lateRegistration,
    c.lateRecords,
    c.openStatus,
    c.openFromDay,
    c.latestReported,
    storedFindings(f),
  ];
};

export const COMPLIANCE_COLUMNS = [
  'nct_id',
  'status',
  'final',
  'verified_start',
  'verified_precision',
  'verification_due_from',
  'results_due_from',
  'results_submitted',
  'static_errors',
  'latest_actual',
  'late_registration',
  'late_records',
  'open_status',
  'open_from_day',
  'latest_reported',
  'data',
] as const;
