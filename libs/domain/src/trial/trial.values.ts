import { PartialDate } from '../shared/partial-date';

/** Enumerations as ClinicalTrials.gov API v2 spells them (ctg-oas-v2.yaml). */
export const TRIAL_STATUSES = [
  'NOT_YET_RECRUITING',
  'RECRUITING',
  'ENROLLING_BY_INVITATION',
  'ACTIVE_NOT_RECRUITING',
  'SUSPENDED',
  'TERMINATED',
  'COMPLETED',
  'WITHDRAWN',
  'UNKNOWN',
] as const;
export type TrialStatus = (typeof TRIAL_STATUSES)[number];

/** A site's recruitment status: the registry's RecruitmentStatus enumeration. */
export const SITE_STATUSES = [
  'NOT_YET_RECRUITING',
  'RECRUITING',
  'ENROLLING_BY_INVITATION',
  'ACTIVE_NOT_RECRUITING',
  'SUSPENDED',
  'TERMINATED',
  'COMPLETED',
  'WITHDRAWN',
  'AVAILABLE',
] as const;
export type SiteStatus = (typeof SITE_STATUSES)[number];

export const PHASES = ['NA', 'EARLY_PHASE1', 'PHASE1', 'PHASE2', 'PHASE3', 'PHASE4'] as const;
export type Phase = (typeof PHASES)[number];

export const STUDY_TYPES = ['INTERVENTIONAL', 'OBSERVATIONAL', 'EXPANDED_ACCESS'] as const;
export type StudyType = (typeof STUDY_TYPES)[number];

export const DATE_TYPES = ['ACTUAL', 'ESTIMATED'] as const;
export type DateType = (typeof DATE_TYPES)[number];

export const INTERVENTION_TYPES = [
  'BEHAVIORAL', 'BIOLOGICAL', 'COMBINATION_PRODUCT', 'DEVICE', 'DIAGNOSTIC_TEST', 'DIETARY_SUPPLEMENT',
  'DRUG', 'GENETIC', 'PROCEDURE', 'RADIATION', 'OTHER',
] as const;
export type InterventionType = (typeof INTERVENTION_TYPES)[number];

export const AGENCY_CLASSES = ['NIH', 'FED', 'OTHER_GOV', 'INDIV', 'INDUSTRY', 'NETWORK', 'AMBIG', 'OTHER', 'UNKNOWN'] as const;
export type AgencyClass = (typeof AGENCY_CLASSES)[number];

export interface DateStruct {
  date: PartialDate;
  type: DateType;
}

export interface Enrollment {
  count: number;
  type: DateType;
}

export interface Sponsor {
  name: string;
  class?: AgencyClass;
}

export interface Intervention {
  type: InterventionType;
  name: string;
}

export interface SiteAddress {
  facility?: string;
  city?: string;
  state?: string;
  zip?: string;
  country?: string;
}

export interface Site extends SiteAddress {
  siteId: string;
  status?: SiteStatus;
}

export const TRIAL_DATE_FIELDS = ['startDate', 'primaryCompletionDate', 'completionDate'] as const;
export type TrialDateField = (typeof TRIAL_DATE_FIELDS)[number];
export type TrialDates = Partial<Record<TrialDateField, DateStruct>>;
