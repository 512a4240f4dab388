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

/** The trials whose open status the policy shows as UNKNOWN on `today`. */
const derivedUnknown = (today: string, policy: UnknownPolicy, statuses: readonly TrialStatus[]): TodayQuery => {
  const ranges = PRECISIONS.map(() => '(verified_precision = ? AND verified_start <= ?)').join(' OR ');
  return {
    sql: `status IN (${inList(statuses)}) AND (${ranges})`,
    params: [...statuses, ...PRECISIONS.flatMap((p) => [p, unknownCutoff(today, p, policy)])],
  };
};

const count = (where: TodayQuery): TodayQuery => ({
  sql: `SELECT count(*) AS n FROM trial_compliance WHERE ${where.sql}`,
  params: where.params,
});

/**
 * The counts that depend on the day, each over an index: UNKNOWN derived, verification overdue (a closed study
 * needs none, unless the policy derives UNKNOWN for its status), results overdue, ERRORs from an ACTUAL date after
 * the day. The few trials whose last version is dated after the day are counted apart, to take out of the open spans.
 */
export const todayQueries = (today: string, policy: UnknownPolicy) => {
  const finalOpen = policy.openStatuses.filter(isFinalStatus);
  const none: TodayQuery = { sql: 'SELECT 0 AS n', params: [] };
  const finalDerived = derivedUnknown(today, policy, finalOpen);
  return {
    derivedUnknown: policy.openStatuses.length ? count(derivedUnknown(today, policy, policy.openStatuses)) : none,
    verificationRequired: count({ sql: 'final = 0 AND verification_due_from <= ?', params: [today] }),
    verificationDerived: finalOpen.length
      ? count({
          sql: `${finalDerived.sql} AND verification_due_from <= ?`,
          params: [...finalDerived.params, today],
        })
      : none,
    resultsOverdue: count({
      sql: 'results_due_from <= ? AND (results_submitted IS NULL OR results_submitted > ?)',
      params: [today, today],
    }),
    futureErrors: count({ sql: 'latest_actual > ? AND static_errors = 0', params: [today] }),
    openAhead: {
      sql: 'SELECT open_status AS status, count(*) AS n, sum(open_from_day) AS days FROM trial_compliance WHERE open_from_day >= ? GROUP BY open_status',
      params: [dayNumber(today)],
    } as TodayQuery,
  };
};

/** The trials with a fact made public after `today`. */
export const reportedAfterQuery = (today: string): TodayQuery => count({ sql: 'latest_reported > ?', params: [today] });

export type TodayCounts = Record<
  'derivedUnknown' | 'verificationRequired' | 'verificationDerived' | 'resultsOverdue' | 'futureErrors',
  number
>;

/**
 * The totals as of `today` from the running totals and the day's counts. An open span lasts from its version's
 * day to `today`: summed as trials × today − Σ first days, less the spans starting on or after `today` (0 days or
 * fewer, which cthist drops).
 */
export const totalsOf = (
  today: string,
  running: Map<string, number>,
  counts: TodayCounts,
  openAhead: { status: TrialStatus; n: number; days: number }[],
): ComplianceTotals => {
  const at = (key: string) => running.get(key) ?? 0;
  const day = dayNumber(today);
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
    verificationOverdue: counts.verificationRequired + counts.verificationDerived,
    derivedUnknown: counts.derivedUnknown,
    lateRegistrations: at('lateRegistrations'),
    resultsOverdue: counts.resultsOverdue,
    trialsWithErrors: at('trialsWithStaticErrors') + counts.futureErrors,
    daysByStatus,
  };
};
