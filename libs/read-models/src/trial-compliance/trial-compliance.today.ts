import { PartialDate, TrialStatus, UnknownPolicy, addMonths, comparePartialDates, isFinalStatus } from '@trial-ledger/domain';
import { dayNumber } from './trial-compliance.columns';
import { isoStart } from './trial-compliance.projection';

/** One count of the day-dependent part of the totals, with `?` placeholders (an engine renumbers them as it needs). */
export interface TodayQuery {
  sql: string;
  params: (string | number)[];
}

/** Totals over every trial as of one day; the same shape as a replay's (`complianceTotals`). */
export interface ComplianceTotals {
  trials: number;
  trialsWithLateRecords: number;
  lateRecords: number;
  verificationOverdue: number;
  derivedUnknown: number;
  lateRegistrations: number;
  resultsOverdue: number;
  trialsWithErrors: number;
  daysByStatus: Partial<Record<TrialStatus, number>>;
}

const PRECISIONS = [1, 2, 3] as const;

const shift = (date: PartialDate, precision: number, step: number): PartialDate => {
  if (precision === 1) return String(Number(date) + step);
  if (precision === 2) return addMonths(date, step);
  const next = new Date(`${date}T00:00:00.000Z`);
  next.setUTCDate(next.getUTCDate() + step);
  return next.toISOString().slice(0, 10);
};

/**
 * The latest verified date of one precision from which the policy derives UNKNOWN on `today`: the domain's own
 * `addMonths` is monotonic within a precision, so "derived" is `verified <= cutoff`, an indexed range. Found by
 * stepping from an estimate with that same function, so the cutoff is exact, clamped month ends included.
 */
export const unknownCutoff = (today: string, precision: number, policy: UnknownPolicy): string => {
  const lapsed = (verified: PartialDate) => comparePartialDates(today, addMonths(verified, policy.monthsWithoutVerification)) >= 0;
  let cutoff = shift(today.split('-').slice(0, precision).join('-'), precision, 0);
  cutoff =
    precision === 1
      ? shift(cutoff, 1, -Math.trunc(policy.monthsWithoutVerification / 12))
      : addMonths(cutoff, -policy.monthsWithoutVerification);
  for (let i = 0; i < 400 && !lapsed(cutoff); i++) cutoff = shift(cutoff, precision, -1);
  for (let i = 0; i < 400 && lapsed(shift(cutoff, precision, 1)); i++) cutoff = shift(cutoff, precision, 1);
  return isoStart(cutoff);
};

const inList = (values: readonly string[]): string => values.map(() => '?').join(', ');

const count = (where: TodayQuery): TodayQuery => ({
  sql: `SELECT count(*) AS n FROM trial_compliance WHERE ${where.sql}`,
  params: where.params,
});

const yearStart = (isoDate: string): string => `${isoDate.slice(0, 4)}-01-01`;

/** The trials of `statuses` whose verification of one precision lies in the cutoff's year, up to the cutoff. */
const verifiedThisYear = (statuses: readonly TrialStatus[], precision: number, cutoff: string): TodayQuery => ({
  sql: `status IN (${inList(statuses)}) AND verified_precision = ? AND verified_start >= ? AND verified_start <= ?`,
  params: [...statuses, precision, yearStart(cutoff), cutoff],
});

const derivedUnknown = (today: string, policy: UnknownPolicy, statuses: readonly TrialStatus[]): TodayQuery => {
  const ranges = PRECISIONS.map(() => '(verified_precision = ? AND verified_start <= ?)').join(' OR ');
  return {
    sql: `status IN (${inList(statuses)}) AND (${ranges})`,
    params: [...statuses, ...PRECISIONS.flatMap((p) => [p, unknownCutoff(today, p, policy)])],
  };
};

const NONE: TodayQuery = { sql: 'SELECT 0 AS n', params: [] };

/**
 * The counts that depend on the day. The running totals hold them by the year of the date they turn on, so only
 * the current year's part is counted here, over an index: UNKNOWN derived (per precision of the verified date, up
 * to the policy's cutoff), verification overdue (a closed study needs none), results overdue (none submitted by
 * the day). Some are small enough to count whole: results submitted after the day, ERRORs from an ACTUAL date
 * after it, the open spans starting on or after it, and, only for a policy that calls a final status open,
 * UNKNOWN derived with verification overdue for those statuses.
 */
export const todayQueries = (today: string, policy: UnknownPolicy) => {
  const finalOpen = policy.openStatuses.filter(isFinalStatus);
  const finalDerived = derivedUnknown(today, policy, finalOpen);
  const open = policy.openStatuses;
  return {
    derivedUnknown: PRECISIONS.map((p) => (open.length ? count(verifiedThisYear(open, p, unknownCutoff(today, p, policy))) : NONE)),
    verificationThisYear: count({
      sql: 'final = 0 AND verification_due_from >= ? AND verification_due_from <= ?',
      params: [yearStart(today), today],
    }),
    verificationDerived: finalOpen.length
      ? count({ sql: `${finalDerived.sql} AND verification_due_from <= ?`, params: [...finalDerived.params, today] })
      : NONE,
    resultsThisYear: count({
      sql: 'results_due_from >= ? AND results_due_from <= ? AND results_submitted IS NULL',
      params: [yearStart(today), today],
    }),
    resultsSubmittedLater: count({ sql: 'results_submitted > ? AND results_due_from <= ?', params: [today, today] }),
    futureErrors: count({ sql: 'latest_actual > ? AND static_errors = 0', params: [today] }),
    openAhead: {
      sql: 'SELECT open_status AS status, count(*) AS n, sum(open_from_day) AS days FROM trial_compliance WHERE open_from_day >= ? GROUP BY open_status',
      params: [dayNumber(today)],
    } as TodayQuery,
  };
};

/** The trials with a fact made public after `today`. */
export const reportedAfterQuery = (today: string): TodayQuery => count({ sql: 'latest_reported > ?', params: [today] });

export interface TodayCounts {
  /** Per precision 1, 2, 3. */
  derivedUnknown: number[];
  verificationThisYear: number;
  verificationDerived: number;
  resultsThisYear: number;
  resultsSubmittedLater: number;
  futureErrors: number;
}

/** The running totals' year buckets of `prefix` before `year`. */
const yearsBefore = (running: Map<string, number>, prefix: string, year: string): number => {
  let n = 0;
  for (const [key, value] of running) if (key.startsWith(prefix) && key.slice(prefix.length) < year) n += value;
  return n;
};

const derivedBefore = (running: Map<string, number>, today: string, policy: UnknownPolicy): number =>
  PRECISIONS.reduce(
    (n, p) =>
      n +
      policy.openStatuses.reduce((m, s) => m + yearsBefore(running, `verified:${s}:${p}:`, unknownCutoff(today, p, policy).slice(0, 4)), 0),
    0,
  );

/**
 * The totals as of `today` from the running totals (whole years before today's, or before the UNKNOWN cutoff's)
 * and the day's counts (the rest). An open span lasts from its version's
 * day to `today`: summed as trials × today − Σ first days, less the spans starting on or after `today` (0 days or
 * fewer, which cthist drops).
 */
export const totalsOf = (
  today: string,
  policy: UnknownPolicy,
  running: Map<string, number>,
  counts: TodayCounts,
  openAhead: { status: TrialStatus; n: number; days: number }[],
): ComplianceTotals => {
  const at = (key: string) => running.get(key) ?? 0;
  const day = dayNumber(today);
  const year = today.slice(0, 4);
  const hundredths = new Map<TrialStatus, number>();
  for (const [key, value] of running) {
    const [kind, status] = key.split(':') as [string, TrialStatus];
    if (kind === 'closed') hundredths.set(status, (hundredths.get(status) ?? 0) + value);
    if (kind === 'open') hundredths.set(status, (hundredths.get(status) ?? 0) + (value * day - at(`openFrom:${status}`)) * 100);
  }
  for (const ahead of openAhead) hundredths.set(ahead.status, (hundredths.get(ahead.status) ?? 0) - (ahead.n * day - ahead.days) * 100);
  const daysByStatus: Partial<Record<TrialStatus, number>> = {};
  for (const [status, value] of [...hundredths].sort(([a], [b]) => a.localeCompare(b))) if (value > 0) daysByStatus[status] = value / 100;
  return {
    trials: at('trials'),
    trialsWithLateRecords: at('trialsWithLateRecords'),
    lateRecords: at('lateRecords'),
    verificationOverdue: yearsBefore(running, 'verificationDue:', year) + counts.verificationThisYear + counts.verificationDerived,
    derivedUnknown: derivedBefore(running, today, policy) + counts.derivedUnknown.reduce((a, b) => a + b, 0),
    lateRegistrations: at('lateRegistrations'),
    resultsOverdue: yearsBefore(running, 'resultsDue:', year) + counts.resultsThisYear + counts.resultsSubmittedLater,
    trialsWithErrors: at('trialsWithStaticErrors') + counts.futureErrors,
    daysByStatus,
  };
};
