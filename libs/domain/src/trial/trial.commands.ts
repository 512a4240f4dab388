import { PartialDate } from '../shared/partial-date';
import { ObserveRegistryVersion } from './registry/registry-version';
import { DateStruct, Enrollment, SiteAddress, SiteStatus, TrialDates, TrialStatus } from './trial.values';

export type { ObserveRegistryVersion };
import { RecordCorrections, RecordDetails, TrialRegisteredData } from './trial.events';

/** Commands carry intent only; who issued them, when and why travels beside them as metadata. */
export type RegisterTrial = {
  type: 'RegisterTrial';
  data: Omit<TrialRegisteredData, 'status'> & { status?: TrialStatus };
};
/**
 * `correction`: the operator puts the status right outside the ordinary lifecycle (a completed study reopened);
 * the reason every change carries says why.
 */
export type UpdateStatus = {
  type: 'UpdateStatus';
  data: { nctId: string; status: TrialStatus; whyStopped?: string; correction?: boolean };
};
/** Record fields with no lifecycle of their own; each given field replaces the current value whole. */
export type UpdateDetails = { type: 'UpdateDetails'; data: { nctId: string } & RecordDetails };
export type RemoveSite = { type: 'RemoveSite'; data: { nctId: string; siteId: string } };
/** A site's facility renamed: the site keeps its id and history. */
export type RenameSite = { type: 'RenameSite'; data: { nctId: string; siteId: string; facility: string } };
/** The sponsor confirmed the record as of `verifiedOn`, a month or a day; without one, on the day of the decision. */
export type RecordVerification = { type: 'RecordVerification'; data: { nctId: string; verifiedOn?: PartialDate } };
export type AddSite = { type: 'AddSite'; data: SiteAddress & { nctId: string; siteId: string; status?: SiteStatus } };
export type UpdateSiteStatus = { type: 'UpdateSiteStatus'; data: { nctId: string; siteId: string; status: SiteStatus } };
export type UpdateEnrollment = { type: 'UpdateEnrollment'; data: { nctId: string } & Enrollment };
export type UpdateDates = {
  type: 'UpdateDates';
  data: { nctId: string } & Partial<Record<keyof TrialDates, DateStruct>>;
};

/**
 * Put right what the event at `correctsRevision` recorded. The state knows that event and which later events
 * changed its values (correction-basis.ts), so the command carries the caller's intent only.
 */
export type CorrectRecord = {
  type: 'CorrectRecord';
  data: { nctId: string; correctsRevision: number; corrections: RecordCorrections };
};

export type TrialCommand =
  | RegisterTrial
  | UpdateStatus
  | AddSite
  | UpdateSiteStatus
  | UpdateEnrollment
  | UpdateDates
  | CorrectRecord
  | RecordVerification
  | ObserveRegistryVersion
  | UpdateDetails
  | RemoveSite
  | RenameSite;
