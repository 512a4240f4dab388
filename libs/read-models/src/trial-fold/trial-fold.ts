import { RecordedEvent } from '@trial-ledger/event-store';
import { TrialState, evolve, initialState } from '@trial-ledger/domain';
import { toTrialEvent } from '@trial-ledger/ledger';

/** The state before a trial's first event, one object for every projection, so that they share its fold too. */
const UNREGISTERED: TrialState = Object.freeze(initialState());

/** The last fold of each event still held by someone: the state it was folded from and the state it made. */
const folds = new WeakMap<RecordedEvent, { before: TrialState; after: TrialState }>();

/**
 * The trial's state after `event`, folded from `before` (null: the trial has no state yet). Every projection of
 * trial states folds the same events from the same states (view, history, compliance), so the first to fold an
 * event does it and the others, handed the same event object and holding the very same state, take its result:
 * `evolve` is pure, so the same inputs make the same state. A projection holding another state of the trial (one
 * it read back from its own table) folds its own. Nothing is kept beyond the event object's life.
 */
export const foldTrialEvent = (before: TrialState | null, event: RecordedEvent): TrialState => {
  const from = before ?? UNREGISTERED;
  const known = folds.get(event);
  if (known?.before === from) return known.after;
  const after = evolve(from, toTrialEvent(event));
  folds.set(event, { before: from, after });
  return after;
};
