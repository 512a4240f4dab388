import { RecordedEvent } from '@trial-ledger/event-store';
import { TrialState, evolve, initialState } from '@trial-ledger/domain';
import { toTrialEvent } from '@trial-ledger/ledger';

/** Each event's fold, for as long as someone holds the event object (a batch being applied). */
const folds = new WeakMap<RecordedEvent, TrialState>();

/**
 * The trial's state after `event`, folded from `before` (null: the trial has no state yet), once for every
 * projection of trial states handed the same event object (view, history, compliance: the projections of one
 * batch). Whoever folds an event holds the trial's state just before it, the fold of the stream's earlier events,
 * or it would not be applying that event; so all of them would make the same state, and the first one's is
 * shared. The states differ only in what a projection read back from its own table leaves out: the decider's
 * bookkeeping (correction basis, digests of untracked parts), which no read model shows or compares, and which
 * no command is ever decided from (the executor folds the stream itself).
 */
export const foldTrialEvent = (before: TrialState | null, event: RecordedEvent): TrialState => {
  let after = folds.get(event);
  if (after === undefined) {
    after = evolve(before ?? initialState(), toTrialEvent(event));
    folds.set(event, after);
  }
  return after;
};
