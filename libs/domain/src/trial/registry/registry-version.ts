import { PartialDate } from '../../shared/partial-date';
import {
  DateStruct,
  Enrollment,
  Intervention,
  Phase,
  SecondaryId,
  SiteAddress,
  SiteStatus,
  Sponsor,
  StudyType,
  TrialStatus,
} from '../trial.values';
import { UnknownPolicy } from './unknown-status';

/** A location as a registry version lists it; two entries at one address are two sites. */
export interface ObservedSite extends SiteAddress {
  status?: SiteStatus;
}

/** What one registry version states about a study, mapped from the registry's record but not judged. */
export interface ObservedRecord {
  nctId: string;
  title: string;
  officialTitle?: string;
  sponsor: Sponsor;
  collaborators: Sponsor[];
  secondaryIds: SecondaryId[];
  studyType: StudyType;
  phases: Phase[];
  conditions: string[];
  interventions: Intervention[];
  enrollment?: Enrollment;
  status: TrialStatus;
  lastKnownStatus?: TrialStatus;
  whyStopped?: string;
  statusVerifiedDate?: PartialDate;
  firstSubmittedDate?: PartialDate;
  startDate?: DateStruct;
  primaryCompletionDate?: DateStruct;
  completionDate?: DateStruct;
  fdaRegulatedDrug?: boolean;
  fdaRegulatedDevice?: boolean;
  resultsFirstSubmittedDate?: PartialDate;
  sites: ObservedSite[];
  /** A digest of each part of the record the ledger does not record, by its `module.field` path. */
  untracked?: Record<string, string>;
}

/** One published version of a record: where it was read, which version, when the registry posted it. */
export interface RegistryVersion {
  source: string;
  version: number | null;
  /** Null when the source states no date for the version: its changes then stay undated. */
  postedDate: PartialDate | null;
  record: ObservedRecord;
}

/** `unknownPolicy`: the configured derivation of UNKNOWN the version's UNKNOWN is dated by; the default when absent. */
export type ObserveRegistryVersion = {
  type: 'ObserveRegistryVersion';
  data: { nctId: string; version: RegistryVersion; unknownPolicy?: UnknownPolicy };
};
