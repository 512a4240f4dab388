import { RegisteredTrial, TrialState, evolve, initialState } from '@trial-ledger/domain';
import { RecordedEvent } from '@trial-ledger/event-store';
import { toTrialEvent } from './trial-stream';

/** A trial as a replay shows it: the domain's state without the registered flag and the basis of corrections. */
export type ReplayedTrial = Omit<RegisteredTrial, 'registered' | 'correctionBasis'>;

export interface ReplayStep {
  event: RecordedEvent;
  /** The trial right after `event` was applied. */
  state: ReplayedTrial;
}

/**
 * The one fold every replay uses (the state-at query, the CLI, the compliance reports): the domain's `evolve`
 * applied event by event, so no caller can disagree with another or with the write side.
 */
export const replaySteps = (events: readonly RecordedEvent[]): ReplayStep[] => {
  let state: TrialState = initialState();
  return events.map((event) => {
    state = evolve(state, toTrialEvent(event));
    // A stream always starts with its registration, so anything else here is a corrupt stream.
    if (!state.registered) throw new Error(`Replay of ${event.streamId} produced no trial at revision ${event.revision}`);
    const { registered: _registered, correctionBasis: _basis, ...trial } = state;
    return { event, state: trial };
  });
};
