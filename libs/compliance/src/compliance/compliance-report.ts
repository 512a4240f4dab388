import {
  DEFAULT_UNKNOWN_POLICY,
  PartialDate,
  RegistryFlag,
  StatusAsOf,
  TrialStatus,
  UnknownPolicy,
  consistencyProblems,
  statusAsOf,
} from '@trial-ledger/domain';
import { RecordedEvent } from '@trial-ledger/event-store';
import { replaySteps } from '@trial-ledger/ledger';
import {
  ComplianceFindings,
  ComplianceTotals,
  LateRecord,
  RegistrationCheck,
  ResultsCheck,
  StatusSpan,
  TimeInStatus,
  VerificationCheck,
  addDays,
  lateRecords,
  registrationCheck,
  resultsCheck,
  statusSpan,
  verificationCheck,
} from '@trial-ledger/read-models';
import { knownOn } from './known-on';
import { timeInStatus } from './time-in-status';

export type { ComplianceTotals } from '@trial-ledger/read-models';

/** Stated in every report, so that a reader of the numbers knows how they were reached (sources: docs/audit.md). */
export const COMPLIANCE_ASSUMPTIONS: readonly string[] = [
  'A report as of D reads the registry versions posted by D and the operator commands recorded by D; an undated registry version counts only for a report as of today.',
  'Late: a status change, site status change or ACTUAL start, primary completion or completion made public more than 30 calendar days (UTC) after it took effect (42 CFR 11.64(a)(1)(ii)). A registry version is judged by its posted date, an operator command by the time it was recorded. A change dated only by its posting, and a derived UNKNOWN, cannot be late. A partial date counts from its first day.',
  "Verification: due 12 months after the later of the registry's statusVerifiedDate and the last operator verification (42 CFR 11.64(a)(1)); a month-only date runs to the month's end; closed studies need none; a trial with no known verification is overdue.",
  'UNKNOWN is derived as of D for an open status (configurable; default NOT_YET_RECRUITING, RECRUITING, ENROLLING_BY_INVITATION, ACTIVE_NOT_RECRUITING) last verified more than 24 months before D (ClinicalTrials.gov glossary).',
  'Late registration: first submitted more than 21 days after an ACTUAL start (42 CFR 11.24(a)); judged only where the record states both.',
  'Results: due 12 months after an ACTUAL primary completion (42 CFR 11.44(a)) for a study that looks applicable: interventional, FDA-regulated drug or device, not only early phase 1 or phase 1. Location, IND/IDE and certification of delay are not judged.',
  "Time in status follows cthist overall_status_lengths: each version's status spans from its date to the next version's, the last carried to the as-of date, spans of 0 days dropped.",
];

export interface TrialComplianceReport {
  nctId: string;
  asOf: PartialDate;
  /** The status the registry would show on asOf, UNKNOWN derived where due. */
  status: StatusAsOf;
  revision: number;
  generatedAt: string;
  timeInStatus: TimeInStatus;
  lateRecords: LateRecord[];
  verification: VerificationCheck;
  registration: RegistrationCheck;
  results: ResultsCheck;
  /** PRS-style consistency problems of the record as of asOf. */
  problems: RegistryFlag[];
  /** Oddities the registry's own versions showed, as recorded beside them. */
  registryFlags: (RegistryFlag & { revision: number })[];
  assumptions: readonly string[];
}

export class NothingKnownError extends Error {}

const registryFlagsOf = (events: readonly RecordedEvent[]): TrialComplianceReport['registryFlags'] =>
  events
    .filter((e) => e.type === 'RegistryVersionObserved')
    .flatMap((e) => ((e.data.flags ?? []) as RegistryFlag[]).map((f) => ({ ...f, revision: e.revision })));

/**
 * One trial's reports from its recorded events alone, as of a date; pure, so `now` comes from the caller's clock.
 * Throws NothingKnownError when nothing about the trial was known on asOf.
 */
export const complianceReport = (
  nctId: string,
  events: readonly RecordedEvent[],
  asOf: PartialDate,
  now: Date,
  policy: UnknownPolicy = DEFAULT_UNKNOWN_POLICY,
): TrialComplianceReport => {
  const known = knownOn(events, asOf, now.toISOString().slice(0, 10));
  const steps = replaySteps(known);
  if (steps.length === 0) throw new NothingKnownError(`Nothing about trial ${nctId} was known on ${asOf}`);
  const trial = steps[steps.length - 1].state;
  const status = statusAsOf(trial, asOf, policy);
  return {
    nctId,
    asOf,
    status,
    revision: known[known.length - 1].revision,
    generatedAt: now.toISOString(),
    timeInStatus: timeInStatus(known, asOf),
    lateRecords: lateRecords(known),
    verification: verificationCheck(trial, status.status, asOf),
    registration: registrationCheck(trial),
    results: resultsCheck(trial, asOf),
    problems: consistencyProblems(trial, asOf),
    registryFlags: registryFlagsOf(known),
    assumptions: COMPLIANCE_ASSUMPTIONS,
  };
};

/**
 * The same report from the findings the projection keeps, for `asOf` on or after the latest date a fact of the
 * trial was made public (`latestReported`): every event is known then, so what the events determine is stored and
 * only what depends on the day is judged here, with the same checks as a replay.
 */
export const complianceReportFromFindings = (
  f: ComplianceFindings,
  asOf: PartialDate,
  now: Date,
  policy: UnknownPolicy = DEFAULT_UNKNOWN_POLICY,
): TrialComplianceReport => {
  const { registered: _registered, correctionBasis: _basis, ...trial } = f.trial;
  const status = statusAsOf(trial, asOf, policy);
  return {
    nctId: f.nctId,
    asOf,
    status,
    revision: f.revision,
    generatedAt: now.toISOString(),
    timeInStatus: timeInStatusOf(f, asOf),
    lateRecords: f.lateRecords,
    verification: verificationCheck(trial, status.status, asOf),
    registration: registrationCheck(trial),
    results: resultsCheck(trial, asOf),
    problems: consistencyProblems(trial, asOf),
    registryFlags: f.registryFlags,
    assumptions: COMPLIANCE_ASSUMPTIONS,
  };
};

const timeInStatusOf = (f: ComplianceFindings, asOf: PartialDate): TimeInStatus => {
  const open = f.lastVersion === null ? null : statusSpan(f.lastVersion, asOf, true);
  const spans: StatusSpan[] = open === null ? f.closedSpans : [...f.closedSpans, open];
  const daysByStatus: Partial<Record<TrialStatus, number>> = {};
  for (const s of spans) addDays(daysByStatus, s.status, s.days);
  return { spans, daysByStatus };
};

export interface TrialComplianceSummary {
  nctId: string;
  status: TrialStatus;
  derivedUnknown: boolean;
  revision: number;
  lateRecords: number;
  verificationOverdue: boolean;
  lateRegistration: boolean;
  resultsOverdue: boolean;
  errors: number;
  warnings: number;
}

export const summarizeCompliance = (r: TrialComplianceReport): TrialComplianceSummary => ({
  nctId: r.nctId,
  status: r.status.status,
  derivedUnknown: r.status.derivedUnknownSince !== null,
  revision: r.revision,
  lateRecords: r.lateRecords.length,
  verificationOverdue: r.verification.overdue,
  lateRegistration: r.registration.late,
  resultsOverdue: r.results.overdue,
  errors: r.problems.filter((p) => p.severity === 'ERROR').length,
  warnings: r.problems.filter((p) => p.severity === 'WARNING').length,
});

export const complianceTotals = (reports: readonly TrialComplianceReport[]): ComplianceTotals => {
  const daysByStatus: Partial<Record<TrialStatus, number>> = {};
  for (const r of reports) {
    for (const [status, days] of Object.entries(r.timeInStatus.daysByStatus) as [TrialStatus, number][]) {
      daysByStatus[status] = Math.round((daysByStatus[status] ?? 0) * 100 + days * 100) / 100;
    }
  }
  const count = (test: (r: TrialComplianceReport) => boolean) => reports.filter(test).length;
  return {
    trials: reports.length,
    trialsWithLateRecords: count((r) => r.lateRecords.length > 0),
    lateRecords: reports.reduce((n, r) => n + r.lateRecords.length, 0),
    verificationOverdue: count((r) => r.verification.overdue),
    derivedUnknown: count((r) => r.status.derivedUnknownSince !== null),
    lateRegistrations: count((r) => r.registration.late),
    resultsOverdue: count((r) => r.results.overdue),
    trialsWithErrors: count((r) => r.problems.some((p) => p.severity === 'ERROR')),
    daysByStatus,
  };
};
