import { PartialDate } from '../shared/partial-date';
import { CorrectableEventType, RecordCorrections, TrialEventType } from './trial.events';
import { RevisionLog } from './revision-log';
import { DateStruct, Enrollment, Intervention, Phase, SecondaryId, Site, Sponsor, StudyType, TrialStatus } from './trial.values';

/** A registry version the ledger recorded: what a version read again is recognised by, and a later one ordered after. */
export interface RegistryVersionRef {
  source: string;
  version: number | null;
  postedDate: PartialDate | null;
  /** SHA-256 of the version's mapped record: two different records of one version are told apart by it. */
  recordDigest: string;
}

export type CorrectableField = keyof RecordCorrections;

/** An event whose values a correction may put right, with those of its fields that can be. */
export interface CorrectableRevision {
  type: CorrectableEventType;
  fields: readonly CorrectableField[];
  /** The site the event added: a correction puts its values right under the same id. */
  siteId?: string;
}

/** A correction is never corrected itself; the revision it corrected is kept to point the caller there. */
export interface CorrectionRevision {
  type: 'RecordCorrected';
  correctedRevision: number;
}

/** Any other event is put right otherwise than by a correction; its type says how. */
export interface UncorrectableRevision {
  type: Exclude<TrialEventType, CorrectableEventType | 'RecordCorrected'>;
}

export type RecordedRevision = CorrectableRevision | CorrectionRevision | UncorrectableRevision;

/** An event that changed a value a correction can write; `corrects` is the revision it corrected, if it is a correction. */
export interface ValueChange {
  revision: number;
  corrects: number | null;
}

/**
 * The latest change of a value, and the latest before it by an event that does not correct the same revision. A
 * correction of revision n is superseded by any later change except another correction of n (correcting again
 * replaces the earlier correction), and these two changes are all it takes to tell, however long the history.
 */
export interface ValueChanges {
  latest: ValueChange;
  latestOther: ValueChange | null;
}

/**
 * What a correction needs to know that the trial's fields do not say: what the event at each revision recorded,
 * and which later events changed the values it recorded. The decider's bookkeeping, like the registry versions it
 * holds: neither a field of the trial nor a change of one. `evolve` keeps it (correction-basis.ts).
 */
export interface CorrectionBasis {
  /**
   * Revision n at index n - 1: a trial's stream numbers its events from 1, in the order they are folded. Appended to
   * once per event without a copy (RevisionLog); a state read back from JSON holds the plain array until folded.
   */
  revisions: RevisionLog<RecordedRevision>;
  /** The changes of the trial's own values a correction can write, by field: `enrollment`, `title`. */
  trialChanges: Partial<Record<CorrectableField, ValueChanges>>;
  /** The changes of site addresses, by site id, then field: kept apart so a trial-level change copies no site's. */
  siteChanges: Record<string, Partial<Record<CorrectableField, ValueChanges>>>;
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
  /** What a correction needs to know of the stream: what each revision recorded, and what changed since. */
  correctionBasis: CorrectionBasis;
  startDate: DateStruct | null;
  primaryCompletionDate: DateStruct | null;
  completionDate: DateStruct | null;
  /** In the order the sites were added. */
  sites: Site[];
}

export type TrialState = UnregisteredTrial | RegisteredTrial;

export const initialState = (): TrialState => ({ registered: false });

export const emptyCorrectionBasis = (): CorrectionBasis => ({ revisions: RevisionLog.empty(), trialChanges: {}, siteChanges: {} });
