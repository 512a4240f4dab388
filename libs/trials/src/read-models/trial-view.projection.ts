import { RecordedEvent } from '@trial-ledger/event-store';
import { RegisteredTrial, TrialState, evolve, initialState } from '@trial-ledger/domain';
import { toTrialEvent } from '../application/shared/trial-stream';

/** The current state of one trial as the API serves it. */
export interface TrialView extends Omit<RegisteredTrial, 'registered'> {
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

const toState = (view: TrialView | null): TrialState => {
  if (view === null) return initialState();
  const { revision: _r, position: _p, registeredAt: _a, updatedAt: _u, ...trial } = view;
  return { registered: true, ...trial };
};

/** The projection reuses the domain's `evolve`, so the read model can never disagree with a replay. */
export const projectTrialView = (current: TrialView | null, event: RecordedEvent): TrialView => {
  const state = evolve(toState(current), toTrialEvent(event));
  if (!state.registered) throw new Error(`Event at position ${event.position} left trial unregistered`);
  const { registered: _registered, ...trial } = state;
  const recordedAt = event.metadata.recordedAt;
  return {
    ...trial,
    revision: event.revision,
    position: event.position,
    registeredAt: current?.registeredAt ?? recordedAt,
    updatedAt: recordedAt,
  };
};

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
