import { TrialState, evolve, evolveAll, fieldChanges } from '@trial-ledger/domain';
import { toTrialEvent } from '@trial-ledger/ledger';
import { StreamBuilder, registered } from '../../../ledger/src/testing/recorded-events';
import { foldOfView, foldTrialView, viewOfFold } from '../trial-view/trial-view.projection';
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

  it('given the view and the history each holding the trial as read back from its own table, the second takes the first one’s fold', () => {
    const [registration, site, count] = stream();
    const viewFold = foldTrialView(null, registration);
    const historyState = historyRow(null, registration).after;
    const [viewRead, historyRead] = [
      foldOfView(viewOfFold(foldTrialView(viewFold, site))),
      historyStateOf(storedHistoryState(historyRow(historyState, site).after)),
    ];
    const view = foldTrialView(viewRead, count);
    const history = historyRow(historyRead, count);
    expect(history.after).toBe(view.trial);
    expect(history.row.changes).toEqual(fieldChanges(historyRead, evolve(historyRead, toTrialEvent(count))));
    expect(viewOfFold(view)).toEqual(
      viewOfFold(foldTrialView(foldTrialView(foldTrialView(null, { ...registration }), { ...site }), { ...count })),
    );
  });

  it('given another event object, even of the same event, folds it', () => {
    const [registration, site] = stream();
    const held = foldTrialEvent(null, registration);
    const first = foldTrialEvent(held, site);
    expect(foldTrialEvent(held, { ...site })).not.toBe(first);
    expect(foldTrialEvent(held, { ...site })).toEqual(first);
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
