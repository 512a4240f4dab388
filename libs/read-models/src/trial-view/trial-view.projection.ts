import { RecordedEvent } from '@trial-ledger/event-store';
import { RegisteredTrial, emptyCorrectionBasis } from '@trial-ledger/domain';
import { foldTrialEvent } from '../trial-fold/trial-fold';

/**
 * The current state of one trial as the API serves it. The digests of the registry record's untracked parts and the
 * basis of corrections are the decider's bookkeeping, not the trial's: the view leaves them out.
 */
export interface TrialView extends Omit<RegisteredTrial, 'registered' | 'untrackedDigests' | 'correctionBasis'> {
  revision: number;
  /** Global position of the last event applied: the read model is at least this fresh. */
  position: number;
  registeredAt: string;
  updatedAt: string;
}

export interface TrialSummary {
  nctId: string;
  title: string;
  status: RegisteredTrial['status'];
  lastKnownStatus: RegisteredTrial['lastKnownStatus'];
  phases: RegisteredTrial['phases'];
  conditions: string[];
  enrollment: RegisteredTrial['enrollment'];
  countries: string[];
  siteCount: number;
  revision: number;
  updatedAt: string;
}

/**
 * What the view projection folds event by event: the domain's state and the view's own bookkeeping. The
 * TrialView is built from it only when it is written, so a trial with many events in a batch costs one
 * `evolve` per event instead of three copies of the whole trial.
 */
export interface ViewFold {
  trial: RegisteredTrial;
  revision: number;
  position: number;
  registeredAt: string;
  updatedAt: string;
}

export const foldOfView = (view: TrialView): ViewFold => {
  const { revision, position, registeredAt, updatedAt, ...trial } = view;
  const bookkeeping = { untrackedDigests: {}, correctionBasis: emptyCorrectionBasis() };
  return { trial: { registered: true, ...trial, ...bookkeeping }, revision, position, registeredAt, updatedAt };
};

/**
 * The projection reuses the domain's `evolve`, so the read model can never disagree with a replay; through the shared
 * fold, so that the other projections holding the same state do not fold the event again.
 */
export const foldTrialView = (current: ViewFold | null, event: RecordedEvent): ViewFold => {
  const state = foldTrialEvent(current?.trial ?? null, event);
  if (!state.registered) throw new Error(`Event at position ${event.position} left trial unregistered`);
  const recordedAt = event.metadata.recordedAt;
  return {
    trial: state,
    revision: event.revision,
    position: event.position,
    registeredAt: current?.registeredAt ?? recordedAt,
    updatedAt: recordedAt,
  };
};

export const viewOfFold = ({ trial, revision, position, registeredAt, updatedAt }: ViewFold): TrialView => {
  const { registered: _registered, untrackedDigests: _untracked, correctionBasis: _basis, ...fields } = trial;
  return { ...fields, revision, position, registeredAt, updatedAt };
};

export const projectTrialView = (current: TrialView | null, event: RecordedEvent): TrialView =>
  viewOfFold(foldTrialView(current && foldOfView(current), event));

export const summarize = (view: TrialView): TrialSummary => ({
  nctId: view.nctId,
  title: view.title,
  status: view.status,
  lastKnownStatus: view.lastKnownStatus,
  phases: view.phases,
  conditions: view.conditions,
  enrollment: view.enrollment,
  countries: countriesOf(view),
  siteCount: view.sites.length,
  revision: view.revision,
  updatedAt: view.updatedAt,
});

export const countriesOf = (view: Pick<TrialView, 'sites'>): string[] =>
  [...new Set(view.sites.map((s) => s.country).filter((c): c is string => !!c))].sort();
