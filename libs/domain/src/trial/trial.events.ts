import { PartialDate } from '../shared/partial-date';
import {
  DateStruct,
  Enrollment,
  Intervention,
  Phase,
  SecondaryId,
  Site,
  SiteAddress,
  SiteStatus,
  Sponsor,
  StudyType,
  TrialDateField,
  TrialDates,
  TrialStatus,
} from './trial.values';

/**
 * Events are facts, named in the past tense, with stable string types. Once an event of a given
 * type and schema version is stored its shape is frozen; a change means a new version and an upcaster.
 */
export interface TrialRegisteredData extends TrialDates {
  nctId: string;
  title: string;
  officialTitle?: string;
  sponsor: Sponsor;
  studyType: StudyType;
  phases: Phase[];
  conditions: string[];
  interventions: Intervention[];
  enrollment?: Enrollment;
  status: TrialStatus;
  lastKnownStatus?: TrialStatus;
  whyStopped?: string;
}

export type TrialRegistered = { type: 'TrialRegistered'; data: TrialRegisteredData };
export type TrialStatusChanged = {
  type: 'TrialStatusChanged';
  data: { nctId: string; from: TrialStatus; to: TrialStatus; whyStopped?: string };
};
/**
 * An operator put the status right outside the ordinary lifecycle (a completed study reopened, say), as a
 * correction; the reason travels in the metadata like every change's.
 */
export type TrialStatusCorrected = {
  type: 'TrialStatusCorrected';
  data: { nctId: string; from: TrialStatus; to: TrialStatus; whyStopped?: string };
};
/** The record fields an operator edits outside the lifecycle, as the trial's state names them. */
export type RecordDetails = Partial<{
  title: string;
  officialTitle: string;
  phases: Phase[];
  conditions: string[];
  interventions: Intervention[];
  whyStopped: string;
  collaborators: Sponsor[];
  secondaryIds: SecondaryId[];
}>;
export const DETAIL_FIELDS = [
  'title',
  'officialTitle',
  'phases',
  'conditions',
  'interventions',
  'whyStopped',
  'collaborators',
  'secondaryIds',
] as const satisfies readonly (keyof RecordDetails)[];
/** Only the fields whose value changed, each with its new value. */
export type TrialDetailsUpdated = { type: 'TrialDetailsUpdated'; data: { nctId: string } & RecordDetails };
export type SiteRemoved = { type: 'SiteRemoved'; data: { nctId: string; siteId: string } };
export type SiteRenamed = { type: 'SiteRenamed'; data: { nctId: string; siteId: string; from?: string; facility: string } };
/** The sponsor confirmed the whole record as of `verifiedOn` (the registry's "record verified" month). */
export type TrialVerified = { type: 'TrialVerified'; data: { nctId: string; verifiedOn: PartialDate } };
export type SiteAdded = {
  type: 'SiteAdded';
  data: SiteAddress & { nctId: string; siteId: string; status?: SiteStatus };
};
export type SiteStatusChanged = {
  type: 'SiteStatusChanged';
  data: { nctId: string; siteId: string; from?: SiteStatus; to: SiteStatus };
};
export type EnrollmentUpdated = {
  type: 'EnrollmentUpdated';
  data: { nctId: string; count: number; type: Enrollment['type'] };
};
export type TrialDatesUpdated = {
  type: 'TrialDatesUpdated';
  data: { nctId: string } & Partial<Record<keyof TrialDates, DateStruct>>;
};

/** The event types whose recorded values a correction may put right (the fields per type: corrections.ts). */
export type CorrectableEventType = 'TrialRegistered' | 'EnrollmentUpdated' | 'TrialDatesUpdated' | 'SiteAdded' | 'TrialStatusChanged';

/** Corrected values, named as the trial's state names them; object and list values replace the old ones whole. */
export type RecordCorrections = Partial<
  Pick<
    TrialRegisteredData,
    | 'title'
    | 'officialTitle'
    | 'sponsor'
    | 'studyType'
    | 'phases'
    | 'conditions'
    | 'interventions'
    | 'enrollment'
    | 'whyStopped'
    | TrialDateField
  >
> &
  SiteAddress;

/**
 * What an earlier event recorded was wrong. The corrected event is never changed (21 CFR 11.10(e)): this one
 * names it by revision, carries the right values, and the reason travels in the metadata like every change's.
 * `siteId` says which site, when the corrected event added one.
 */
export type RecordCorrected = {
  type: 'RecordCorrected';
  data: {
    nctId: string;
    correctedRevision: number;
    correctedType: CorrectableEventType;
    siteId?: string;
    corrections: RecordCorrections;
  };
};

/** The record fields a registry version states, as the trial's state names them. */
export const OBSERVED_FIELDS = [
  'title',
  'officialTitle',
  'sponsor',
  'collaborators',
  'secondaryIds',
  'studyType',
  'phases',
  'conditions',
  'interventions',
  'enrollment',
  'status',
  'lastKnownStatus',
  'whyStopped',
  'statusVerifiedDate',
  'firstSubmittedDate',
  'startDate',
  'primaryCompletionDate',
  'completionDate',
  'fdaRegulatedDrug',
  'fdaRegulatedDevice',
  'resultsFirstSubmittedDate',
] as const;
export type ObservedField = (typeof OBSERVED_FIELDS)[number];

/**
 * Which date a change took effect on: one the record states for it (an ACTUAL start for RECRUITING, an ACTUAL
 * completion for COMPLETED, the verified month, the first-submitted date), the earliest day the registry could
 * have derived UNKNOWN, or, when the record states none, the date the registry posted the version.
 */
export type EffectiveBasis =
  | 'postedDate'
  | 'startDate'
  | 'primaryCompletionDate'
  | 'completionDate'
  | 'statusVerifiedDate'
  | 'firstSubmittedDate'
  | 'unknownDerivation';
export interface EffectiveDate {
  /** Null only when the version itself is undated and the record states no date for the change. */
  date: PartialDate | null;
  basis: EffectiveBasis;
}

/** A field as the version states it; `value` null when the version no longer states the field. */
export interface ObservedChange {
  field: ObservedField;
  value: unknown;
  effective: EffectiveDate;
}

export type SiteObservation =
  | { change: 'added'; site: Site }
  | { change: 'removed'; siteId: string }
  | { change: 'renamed'; siteId: string; facility: string | null }
  | { change: 'statusChanged'; siteId: string; status: SiteStatus | null };

export type FlagSeverity = 'ERROR' | 'WARNING';
/** Something odd in what the registry showed: recorded beside the version, never a reason to refuse it. */
export interface RegistryFlag {
  code: string;
  severity: FlagSeverity;
  field: string;
  message: string;
}

/**
 * One published version of a registry record, recorded as the registry showed it: every field that differs
 * from what the ledger held, each with the date it took effect, the sites added, removed, renamed or changed,
 * and what looked odd. The first observation of a trial registers it.
 */
export type RegistryVersionObserved = {
  type: 'RegistryVersionObserved';
  data: {
    nctId: string;
    source: string;
    /** The registry's version number, when read from a record's history; null for a current record. */
    version: number | null;
    /** Null when the source states no date for the version. */
    postedDate: PartialDate | null;
    /** SHA-256 of the version's record as the ledger mapped it (keys sorted), so the exact record is identifiable. */
    recordDigest: string;
    changes: ObservedChange[];
    sites: SiteObservation[];
    /**
     * Parts of the record the ledger does not record (eligibility, outcomes …) that this version changed, with
     * their new digest, or null when the version no longer has them. On a trial's first version, every part.
     */
    untracked: Record<string, string | null>;
    flags: RegistryFlag[];
  };
};

/**
 * An operator's change left the record with something the registry would query (a PRS-style WARNING): accepted,
 * and recorded right after the change, so the audit trail says what was known to be odd and when.
 */
export type ConsistencyWarningsRecorded = { type: 'ConsistencyWarningsRecorded'; data: { nctId: string; warnings: RegistryFlag[] } };

export type TrialEvent =
  | TrialRegistered
  | ConsistencyWarningsRecorded
  | TrialStatusChanged
  | TrialStatusCorrected
  | TrialVerified
  | RegistryVersionObserved
  | TrialDetailsUpdated
  | SiteRemoved
  | SiteRenamed
  | SiteAdded
  | SiteStatusChanged
  | EnrollmentUpdated
  | TrialDatesUpdated
  | RecordCorrected;

export type TrialEventType = TrialEvent['type'];

/** The schema version each event type is written with today. */
export const TRIAL_EVENT_SCHEMA_VERSIONS: Readonly<Record<TrialEventType, number>> = {
  TrialRegistered: 1,
  TrialStatusChanged: 1,
  SiteAdded: 1,
  SiteStatusChanged: 1,
  EnrollmentUpdated: 1,
  TrialDatesUpdated: 1,
  RecordCorrected: 1,
  TrialStatusCorrected: 1,
  TrialVerified: 1,
  RegistryVersionObserved: 1,
  TrialDetailsUpdated: 1,
  SiteRemoved: 1,
  SiteRenamed: 1,
  ConsistencyWarningsRecorded: 1,
};

export const TRIAL_EVENT_TYPES = Object.keys(TRIAL_EVENT_SCHEMA_VERSIONS) as TrialEventType[];

export const isTrialEventType = (type: string): type is TrialEventType =>
  Object.prototype.hasOwnProperty.call(TRIAL_EVENT_SCHEMA_VERSIONS, type);
