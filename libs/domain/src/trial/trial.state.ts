import { PartialDate } from '../shared/partial-date';
import {
  DateStruct, Enrollment, Intervention, Phase, SecondaryId, Site, Sponsor, StudyType, TrialStatus,
} from './trial.values';

/** A registry version the ledger recorded: what a version read again is recognised by, and a later one ordered after. */
export interface RegistryVersionRef {
  source: string;
  version: number | null;
  postedDate: PartialDate | null;
  /** SHA-256 of the version's mapped record: two different records of one version are told apart by it. */
  recordDigest: string;
}

export interface UnregisteredTrial {
  registered: false;
}

export interface RegisteredTrial {
  registered: true;
  nctId: string;
  title: string;
  officialTitle: string | null;
  sponsor: Sponsor;
  collaborators: Sponsor[];
  secondaryIds: SecondaryId[];
  studyType: StudyType;
  phases: Phase[];
  conditions: string[];
  interventions: Intervention[];
  enrollment: Enrollment | null;
  status: TrialStatus;
  /** ClinicalTrials.gov's `lastKnownStatus`: set only while the status is UNKNOWN. */
  lastKnownStatus: TrialStatus | null;
  whyStopped: string | null;
  /** The month (or day) the record was last verified: the registry's `statusVerifiedDate` or an operator's verification. */
  statusVerifiedDate: PartialDate | null;
  /** When the registry first received the record (`studyFirstSubmitDate`). */
  firstSubmittedDate: PartialDate | null;
  /** `oversightModule.isFdaRegulatedDrug` / `…Device`: null when not stated. */
  fdaRegulatedDrug: boolean | null;
  fdaRegulatedDevice: boolean | null;
  /** When results were first submitted to the registry (`resultsFirstSubmitDate`). */
  resultsFirstSubmittedDate: PartialDate | null;
  /** Digests of the registry record's parts the ledger does not record, by path: a later change to one is reported. */
  untrackedDigests: Record<string, string>;
  /** The registry versions recorded, in order, the newest last; empty for a trial only operators have written. */
  registryVersions: RegistryVersionRef[];
  startDate: DateStruct | null;
  primaryCompletionDate: DateStruct | null;
  completionDate: DateStruct | null;
  /** In the order the sites were added. */
  sites: Site[];
}

export type TrialState = UnregisteredTrial | RegisteredTrial;

export const initialState = (): TrialState => ({ registered: false });
