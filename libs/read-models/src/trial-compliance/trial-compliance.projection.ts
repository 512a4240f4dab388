import { RecordedEvent } from '@trial-ledger/event-store';
import { RegisteredTrial, RegistryFlag, TrialStatus } from '@trial-ledger/domain';
import { foldTrialEvent } from '../trial-fold/trial-fold';
import { reportedDateOf } from './rules/compliance-dates';
import { LateRecord, lateRecords } from './rules/late-records';
import { DatedVersion, StatusSpan, statusSpan } from './rules/status-spans';

/**
 * What a trial's events determine for its compliance reports, kept by the projection: everything but what
 * depends on the day a report is asked for (the open status span, overdue duties, UNKNOWN derived from a lapsed
 * verification, ACTUAL dates in the future), which is judged at read time from the state kept here.
 */
export interface ComplianceFindings {
  nctId: string;
  /** The trial's state, which the next event folds onto; stored without the decider's bookkeeping (`storedFindings`). */
  trial: RegisteredTrial;
  revision: number;
  position: number;
  /** The latest date a fact of this trial was made public; a report of an earlier day must replay instead. */
  latestReported: string | null;
  lateRecords: LateRecord[];
  registryFlags: (RegistryFlag & { revision: number })[];
  /** The cthist spans already closed by a later version. */
  closedSpans: StatusSpan[];
  /** The last dated version: its span runs to the day of the report. */
  lastVersion: DatedVersion | null;
}

const flagsOf = (event: RecordedEvent): ComplianceFindings['registryFlags'] =>
  event.type === 'RegistryVersionObserved'
    ? ((event.data.flags ?? []) as RegistryFlag[]).map((f) => ({ ...f, revision: event.revision }))
    : [];

// Most events add nothing to these lists: the list is shared then, not copied per event.
const appended = <T>(list: T[] | undefined, more: T[]): T[] => (more.length === 0 ? (list ?? []) : [...(list ?? []), ...more]);

const laterOf = (a: string | null, b: string | null): string | null => (a === null || (b !== null && b > a) ? b : a);

/**
 * The findings after `event`; pure, and folded with the domain's `evolve` (once for every projection of the batch:
 * trial-fold), so they cannot disagree with a replay.
 */
export const foldCompliance = (current: ComplianceFindings | null, event: RecordedEvent): ComplianceFindings => {
  const trial = foldTrialEvent(current?.trial ?? null, event);
  if (!trial.registered) throw new Error(`Event at position ${event.position} left trial unregistered`);
  const reported = reportedDateOf(event);
  const version: DatedVersion | null = reported === null ? null : { status: trial.status, revision: event.revision, date: reported };
  const last = current?.lastVersion ?? null;
  const closed = version !== null && last !== null ? statusSpan(last, version.date, false) : null;
  return {
    nctId: trial.nctId,
    trial,
    revision: event.revision,
    position: event.position,
    latestReported: laterOf(current?.latestReported ?? null, reported === null ? null : isoStart(reported)),
    lateRecords: appended(current?.lateRecords, lateRecords([event])),
    registryFlags: appended(current?.registryFlags, flagsOf(event)),
    closedSpans: closed === null ? (current?.closedSpans ?? []) : [...(current?.closedSpans ?? []), closed],
    lastVersion: version ?? last,
  };
};

/** A partial date's first day as yyyy-MM-dd, the form stored dates are compared in. */
export const isoStart = (date: string): string => {
  const [year, month = '01', day = '01'] = date.split('-');
  return `${year}-${month}-${day}`;
};

/** Closed days per status, in hundredths: what this trial adds to the totals whatever the day. */
export const closedDaysOf = (findings: Pick<ComplianceFindings, 'closedSpans'>): Map<TrialStatus, number> => {
  const days = new Map<TrialStatus, number>();
  for (const s of findings.closedSpans) days.set(s.status, (days.get(s.status) ?? 0) + Math.round(s.days * 100));
  return days;
};

/**
 * The findings as a row stores them: the trial's state without the decider's bookkeeping (the correction basis
 * grows with every event, the digests with every registry version), which no compliance check reads and no
 * command is decided from; read back, the state evolves like one stored before that bookkeeping existed.
 */
export const storedFindings = (f: ComplianceFindings): string => {
  const { correctionBasis: _basis, untrackedDigests: _digests, ...trial } = f.trial;
  return JSON.stringify({ ...f, trial });
};

export const findingsOf = (stored: string): ComplianceFindings => {
  const f = JSON.parse(stored) as ComplianceFindings;
  return { ...f, trial: { ...f.trial, untrackedDigests: f.trial.untrackedDigests ?? {} } };
};
