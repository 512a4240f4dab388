import { RegisteredTrial, TrialState, evolveAll, fieldChanges } from '@trial-ledger/domain';
import { toTrialEvent } from '@trial-ledger/ledger';
import { StreamBuilder, registered } from '../../../ledger/src/testing/recorded-events';
import { foldTrialView } from '../trial-view/trial-view.projection';
import { historyRow, historyStateOf, storedHistoryState } from '../trial-history/trial-history.projection';
import { foldTrialEvent } from './trial-fold';

const nctId = 'NCT02985346';
const stream = () => {
  const b = new StreamBuilder();
  return [
    b.record(registered(nctId)),
    b.record({ type: 'SiteAdded', data: { nctId, siteId: 's1', facility: 'Xinqiao Hospital', city: 'Chongqing', country: 'China' } }),
    b.record({ type: 'EnrollmentUpdated', data: { nctId, count: 12, type: 'ACTUAL' } }),
    b.record({ type: 'TrialStatusChanged', data: { nctId, from: 'NOT_YET_RECRUITING', to: 'RECRUITING' } }),
  ];
};

describe('trial fold shared by the projections', () => {
  it('given the view and the history folding the same events from nothing, they hold the very same states', () => {
    const events = stream();
    let view = null as ReturnType<typeof foldTrialView> | null;
    let history: TrialState | null = null;
    for (const event of events) {
      view = foldTrialView(view, event);
      history = historyRow(history, event).after;
      expect(history).toBe(view.trial);
    }
    expect(view?.trial).toEqual(evolveAll(events.map(toTrialEvent)));
  });

  it('given a state equal in value but not the same object, folds it afresh to an equal state', () => {
    const [registration, site] = stream();
    const held = foldTrialEvent(null, registration);
    const readBack = JSON.parse(JSON.stringify(held)) as TrialState;
    const [shared, own] = [foldTrialEvent(held, site), foldTrialEvent(readBack, site)];
    expect(own).not.toBe(shared);
    expect(own).toEqual(shared);
  });

  it('given another event object for the same state, folds that event', () => {
    const [registration, site, count] = stream();
    const held = foldTrialEvent(null, registration);
    foldTrialEvent(held, site);
    expect((foldTrialEvent(held, count) as RegisteredTrial).enrollment).toEqual({ count: 12, type: 'ACTUAL' });
  });
});

describe('the history projection’s stored state', () => {
  it('leaves out the decider’s bookkeeping, and read back gives the same field changes for the next event', () => {
    const events = stream();
    const held = events.slice(0, 3).reduce<TrialState | null>((state, event) => historyRow(state, event).after, null);
    const stored = storedHistoryState(held as TrialState);
    expect(JSON.parse(stored)).not.toHaveProperty('correctionBasis');
    expect(JSON.parse(stored)).not.toHaveProperty('untrackedDigests');
    const readBack = historyStateOf(stored);
    expect(historyRow(readBack, events[3]).row).toEqual(historyRow(held, events[3]).row);
    expect(fieldChanges(readBack, held as TrialState)).toEqual([]);
  });
});
