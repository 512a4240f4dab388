import {
  DateStruct, Enrollment, Intervention, Phase, SiteAddress, SiteStatus, Sponsor, StudyType, TrialDateField, TrialDates,
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
export type RecordCorrections = Partial<Pick<
  TrialRegisteredData,
  'title' | 'officialTitle' | 'sponsor' | 'studyType' | 'phases' | 'conditions' | 'interventions' | 'enrollment' | 'whyStopped'
  | TrialDateField
>> & SiteAddress;

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

export type TrialEvent =
  | TrialRegistered
  | TrialStatusChanged
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
};

export const TRIAL_EVENT_TYPES = Object.keys(TRIAL_EVENT_SCHEMA_VERSIONS) as TrialEventType[];

export const isTrialEventType = (type: string): type is TrialEventType =>
  Object.prototype.hasOwnProperty.call(TRIAL_EVENT_SCHEMA_VERSIONS, type);
