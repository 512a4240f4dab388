import { TrialStatus } from '@trial-ledger/domain';
import { RecordedEvent } from '@trial-ledger/event-store';
import { LateRecord, lateRecords } from './late-records';
import { TimeInStatus, timeInStatus } from './time-in-status';
import { VerificationCheck, verificationCheck } from './verification-due';

/** Stated in every report, so that a reader of the numbers knows how they were reached. */
export const COMPLIANCE_ASSUMPTIONS: readonly string[] = [
  'Time in status runs from the effective date of one status change to that of the next, in the order the changes were recorded; an event without an effective date counts from the time it was recorded.',
  'A partial effective date (yyyy or yyyy-MM) is read as its first day, e.g. 2024-02 as 2024-02-01 (basis "effectiveDateFirstDay").',
  'The current status runs up to generatedAt. An interval whose end precedes its start counts 0 days and is marked clamped.',
  'A trial status change, site status change or new site is late when recorded more than 30 calendar days (UTC) after its effective date (FDAAA 801, 42 CFR 11.64); records without an effective date are not judged.',
  'Every recorded command counts as a fresh verification by the sponsor; a trial not in a final status is overdue when nothing was recorded for more than 12 months.',
];

export interface TrialComplianceReport {
  nctId: string;
  status: TrialStatus;
  revision: number;
  /** The "now" the open interval and the verification check were measured against (UTC). */
  generatedAt: string;
  timeInStatus: TimeInStatus;
  lateRecords: LateRecord[];
  verification: VerificationCheck;
  assumptions: readonly string[];
}

/** One trial's reports from its recorded events alone; pure, so `now` comes from the caller's clock. */
export const complianceReport = (nctId: string, events: readonly RecordedEvent[], now: Date): TrialComplianceReport => {
  if (events.length === 0) throw new Error(`No events for trial ${nctId}`);
  const time = timeInStatus(events, now);
  // The open interval's status is the current one: the last status change is the last word on it.
  const status = time.intervals[time.intervals.length - 1].status;
  return {
    nctId, status, revision: events[events.length - 1].revision, generatedAt: now.toISOString(),
    timeInStatus: time, lateRecords: lateRecords(events), verification: verificationCheck(events, status, now),
    assumptions: COMPLIANCE_ASSUMPTIONS,
  };
};

export interface TrialComplianceSummary {
  nctId: string;
  status: TrialStatus;
  revision: number;
  /** Start of the open interval. */
  statusSince: string;
  daysInStatus: number;
  lateRecords: number;
  lastRecordedAt: string;
  verificationOverdue: boolean;
}

export const summarizeCompliance = (report: TrialComplianceReport): TrialComplianceSummary => {
  const current = report.timeInStatus.intervals[report.timeInStatus.intervals.length - 1];
  return {
    nctId: report.nctId, status: report.status, revision: report.revision, statusSince: current.from, daysInStatus: current.days,
    lateRecords: report.lateRecords.length, lastRecordedAt: report.verification.lastRecordedAt,
    verificationOverdue: report.verification.overdue,
  };
};

export interface ComplianceTotals {
  trials: number;
  trialsWithLateRecords: number;
  lateRecords: number;
  verificationOverdue: number;
  /** Per status, summed over the trials' intervals. */
  daysByStatus: Partial<Record<TrialStatus, number>>;
}

export const complianceTotals = (reports: readonly TrialComplianceReport[]): ComplianceTotals => {
  const daysByStatus: Partial<Record<TrialStatus, number>> = {};
  for (const r of reports) {
    for (const [status, days] of Object.entries(r.timeInStatus.daysByStatus) as [TrialStatus, number][]) {
      // Hundredths summed as integers, so that adding many trials drifts by no floating-point error.
      daysByStatus[status] = Math.round((daysByStatus[status] ?? 0) * 100 + days * 100) / 100;
    }
  }
  return {
    trials: reports.length,
    trialsWithLateRecords: reports.filter((r) => r.lateRecords.length > 0).length,
    lateRecords: reports.reduce((n, r) => n + r.lateRecords.length, 0),
    verificationOverdue: reports.filter((r) => r.verification.overdue).length,
    daysByStatus,
  };
};
