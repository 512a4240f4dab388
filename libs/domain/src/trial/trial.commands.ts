import { DateStruct, Enrollment, SiteAddress, SiteStatus, TrialDates, TrialStatus } from './trial.values';
import { TrialRegisteredData } from './trial.events';

/** Commands carry intent only; who issued them, when and why travels beside them as metadata. */
export type RegisterTrial = {
  type: 'RegisterTrial';
  data: Omit<TrialRegisteredData, 'status'> & { status?: TrialStatus };
};
export type UpdateStatus = { type: 'UpdateStatus'; data: { nctId: string; status: TrialStatus; whyStopped?: string } };
export type AddSite = { type: 'AddSite'; data: SiteAddress & { nctId: string; siteId: string; status?: SiteStatus } };
export type UpdateSiteStatus = { type: 'UpdateSiteStatus'; data: { nctId: string; siteId: string; status: SiteStatus } };
export type UpdateEnrollment = { type: 'UpdateEnrollment'; data: { nctId: string } & Enrollment };
export type UpdateDates = {
  type: 'UpdateDates';
  data: { nctId: string } & Partial<Record<keyof TrialDates, DateStruct>>;
};

export type TrialCommand = RegisterTrial | UpdateStatus | AddSite | UpdateSiteStatus | UpdateEnrollment | UpdateDates;
