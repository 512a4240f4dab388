import { TRIAL_STATUSES, TrialStatus } from '@trial-ledger/domain';

/** R4 ResearchStudy.status (http://hl7.org/fhir/research-study-status), required binding. */
export const RESEARCH_STUDY_STATUSES = [
  'active',
  'administratively-completed',
  'approved',
  'closed-to-accrual',
  'closed-to-accrual-and-intervention',
  'completed',
  'disapproved',
  'in-review',
  'temporarily-closed-to-accrual',
  'temporarily-closed-to-accrual-and-intervention',
  'withdrawn',
] as const;
export type ResearchStudyStatus = (typeof RESEARCH_STUDY_STATUSES)[number];

/** R4 ConceptMap equivalence codes used here. */
export type Equivalence = 'equivalent' | 'wider' | 'narrower' | 'inexact' | 'unmatched';

export interface StatusMapping {
  /** Absent when no R4 code says what the CT.gov status says: the resource then falls back (statusOf). */
  target?: ResearchStudyStatus;
  equivalence: Equivalence;
  comment: string;
}

/**
 * CT.gov overallStatus -> R4, after the NCI CTRP <-> CT.gov status table and mcode's study-fhir-converter.ts
 * (docs/fhir.md, registry-rules.md §6). The one source for the resources and the published ConceptMap.
 */
export const STATUS_MAP: Readonly<Record<TrialStatus, StatusMapping>> = {
  NOT_YET_RECRUITING: {
    target: 'approved',
    equivalence: 'narrower',
    comment: 'CTRP: In Review or Approved; CT.gov cannot tell them apart',
  },
  RECRUITING: { target: 'active', equivalence: 'equivalent', comment: 'CTRP: Active' },
  ENROLLING_BY_INVITATION: { target: 'active', equivalence: 'wider', comment: 'CTRP: Enrolling by Invitation, which R4 lacks; lossy' },
  ACTIVE_NOT_RECRUITING: {
    target: 'closed-to-accrual',
    equivalence: 'narrower',
    comment: 'CTRP: Closed to Accrual (or ... and Intervention, which CT.gov cannot show)',
  },
  SUSPENDED: {
    target: 'temporarily-closed-to-accrual',
    equivalence: 'narrower',
    comment: 'CTRP: Temporarily Closed to Accrual (or ... and Intervention, which CT.gov cannot show)',
  },
  TERMINATED: { target: 'administratively-completed', equivalence: 'equivalent', comment: 'CTRP: Administratively Complete' },
  COMPLETED: { target: 'completed', equivalence: 'equivalent', comment: 'CTRP: Complete' },
  WITHDRAWN: { target: 'withdrawn', equivalence: 'narrower', comment: 'R4 withdrawn (by the lead organization) is wider' },
  AVAILABLE: {
    target: 'active',
    equivalence: 'inexact',
    comment: 'Expanded access is not accrual: closest code, lossy (mcode: completed)',
  },
  TEMPORARILY_NOT_AVAILABLE: {
    target: 'temporarily-closed-to-accrual',
    equivalence: 'inexact',
    comment: 'Expanded access is not accrual: closest code, lossy',
  },
  NO_LONGER_AVAILABLE: {
    target: 'closed-to-accrual',
    equivalence: 'inexact',
    comment: 'Expanded access is not accrual: closest code, lossy',
  },
  APPROVED_FOR_MARKETING: { target: 'completed', equivalence: 'inexact', comment: 'Expanded access is not accrual: closest code, lossy' },
  UNKNOWN: {
    equivalence: 'unmatched',
    comment: 'The resource carries the code of lastKnownStatus (stale), or in-review without one; the extension keeps UNKNOWN',
  },
  WITHHELD: { equivalence: 'unmatched', comment: 'No definition published; the resource says in-review and the extension keeps WITHHELD' },
};

/** What R4 gets when nothing maps: mcode's choice; the ct-gov-overall-status extension says it is a placeholder. */
export const FALLBACK_STATUS: ResearchStudyStatus = 'in-review';

/** A trial's R4 status: its own row, else (UNKNOWN) the row of the last status the registry knew, else the fallback. */
export const statusOf = (status: TrialStatus, lastKnownStatus: TrialStatus | null): ResearchStudyStatus =>
  STATUS_MAP[status].target ?? (lastKnownStatus ? STATUS_MAP[lastKnownStatus].target : undefined) ?? FALLBACK_STATUS;

/**
 * The CT.gov statuses a trial shown with this R4 status may have: its own rows, and the unmatched ones (whose R4
 * status depends on lastKnownStatus); statusOf then decides for each of those.
 */
export const ctGovStatusesFor = (status: ResearchStudyStatus): TrialStatus[] =>
  TRIAL_STATUSES.filter((s) => STATUS_MAP[s].target === status || STATUS_MAP[s].target === undefined);

export const isResearchStudyStatus = (value: string): value is ResearchStudyStatus =>
  (RESEARCH_STUDY_STATUSES as readonly string[]).includes(value);
