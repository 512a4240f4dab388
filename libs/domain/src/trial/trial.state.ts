import {
  DateStruct, Enrollment, Intervention, Phase, Site, Sponsor, StudyType, TrialStatus,
} from './trial.values';

export interface UnregisteredTrial {
  registered: false;
}

export interface RegisteredTrial {
  registered: true;
  nctId: string;
  title: string;
  officialTitle: string | null;
  sponsor: Sponsor;
  studyType: StudyType;
  phases: Phase[];
  conditions: string[];
  interventions: Intervention[];
  enrollment: Enrollment | null;
  status: TrialStatus;
  /** ClinicalTrials.gov's `lastKnownStatus`: set only while the status is UNKNOWN. */
  lastKnownStatus: TrialStatus | null;
  whyStopped: string | null;
  startDate: DateStruct | null;
  primaryCompletionDate: DateStruct | null;
  completionDate: DateStruct | null;
  /** In the order the sites were added. */
  sites: Site[];
}

export type TrialState = UnregisteredTrial | RegisteredTrial;

export const initialState = (): TrialState => ({ registered: false });
