import { PartialDate } from '../shared/partial-date';

/** The registry's recruitment statuses, which a sponsor sets for a study (PRS protocol definitions). */
export const RECRUITMENT_STATUSES = [
  'NOT_YET_RECRUITING',
  'RECRUITING',
  'ENROLLING_BY_INVITATION',
  'ACTIVE_NOT_RECRUITING',
  'SUSPENDED',
  'TERMINATED',
  'COMPLETED',
  'WITHDRAWN',
] as const;

/** Expanded-access availability, which a sponsor sets for an expanded-access record (PRS expanded access definitions). */
export const EXPANDED_ACCESS_STATUSES = [
  'AVAILABLE',
  'TEMPORARILY_NOT_AVAILABLE',
  'NO_LONGER_AVAILABLE',
  'APPROVED_FOR_MARKETING',
] as const;

/**
 * Shown by the registry, set by no sponsor: UNKNOWN is derived when an open record's verification lapsed for two
 * years; WITHHELD is in the API's Status enumeration without a published definition.
 */
export const REGISTRY_ONLY_STATUSES = ['UNKNOWN', 'WITHHELD'] as const;

/** The API v2 `Status` enumeration (ctg-oas-v2.yaml), all 14 values. */
export const TRIAL_STATUSES = [...RECRUITMENT_STATUSES, ...EXPANDED_ACCESS_STATUSES, ...REGISTRY_ONLY_STATUSES] as const;
export type TrialStatus = (typeof TRIAL_STATUSES)[number];
export type OperatorStatus = (typeof RECRUITMENT_STATUSES)[number] | (typeof EXPANDED_ACCESS_STATUSES)[number];
export const OPERATOR_STATUSES: readonly OperatorStatus[] = [...RECRUITMENT_STATUSES, ...EXPANDED_ACCESS_STATUSES];
export const isOperatorStatus = (status: TrialStatus): status is OperatorStatus =>
  (OPERATOR_STATUSES as readonly TrialStatus[]).includes(status);

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
  'BEHAVIORAL',
  'BIOLOGICAL',
  'COMBINATION_PRODUCT',
  'DEVICE',
  'DIAGNOSTIC_TEST',
  'DIETARY_SUPPLEMENT',
  'DRUG',
  'GENETIC',
  'PROCEDURE',
  'RADIATION',
  'OTHER',
] as const;
export type InterventionType = (typeof INTERVENTION_TYPES)[number];

export const AGENCY_CLASSES = ['NIH', 'FED', 'OTHER_GOV', 'INDIV', 'INDUSTRY', 'NETWORK', 'AMBIG', 'OTHER', 'UNKNOWN'] as const;
export type AgencyClass = (typeof AGENCY_CLASSES)[number];

/**
 * A date as stated. Operators always state the type; a registry record may not (older records carry none), and
 * then `type` stays absent: "not stated" is never turned into ESTIMATED or ACTUAL.
 */
export interface DateStruct {
  date: PartialDate;
  type?: DateType;
}

export interface Enrollment {
  count: number;
  type?: DateType;
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

/** A secondary identifier of a study (API v2 `identificationModule.secondaryIdInfos[]`). */
export interface SecondaryId {
  id: string;
  type?: string;
}

export const TRIAL_DATE_FIELDS = ['startDate', 'primaryCompletionDate', 'completionDate'] as const;
export type TrialDateField = (typeof TRIAL_DATE_FIELDS)[number];
export type TrialDates = Partial<Record<TrialDateField, DateStruct>>;
