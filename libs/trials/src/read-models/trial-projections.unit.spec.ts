import { StreamBuilder, registered } from '../testing/recorded-events';
import { projectTrialView } from './trial-view.projection';
import { historyEntry } from './trial-history.projection';
import { initialState } from '@trial-ledger/domain';

describe('trial projections', () => {
  const nctId = 'NCT02985346';

  it('given registration then UNKNOWN, the view shows UNKNOWN with the last known status, revision and times', () => {
    const b = new StreamBuilder();
    const e1 = b.record(registered(nctId));
    const e2 = b.record({ type: 'TrialStatusChanged', data: { nctId, from: 'NOT_YET_RECRUITING', to: 'UNKNOWN' } });
    const view = [e1, e2].reduce(projectTrialView, null as ReturnType<typeof projectTrialView> | null);
    expect(view).toMatchObject({
      nctId, status: 'UNKNOWN', lastKnownStatus: 'NOT_YET_RECRUITING', revision: 2, position: 2,
      registeredAt: e1.metadata.recordedAt, updatedAt: e2.metadata.recordedAt,
    });
  });

  it('given a site and its status change, the view lists the site with its new status', () => {
    const b = new StreamBuilder();
    const events = [
      b.record(registered(nctId)),
      b.record({ type: 'SiteAdded', data: { nctId, siteId: 's1', facility: 'Sun Yat-sen Memorial Hospital', city: 'Guangzhou', country: 'China' } }),
      b.record({ type: 'SiteStatusChanged', data: { nctId, siteId: 's1', to: 'RECRUITING' } }),
    ];
    const view = events.reduce(projectTrialView, null as ReturnType<typeof projectTrialView> | null);
    expect(view?.sites).toEqual([{ siteId: 's1', facility: 'Sun Yat-sen Memorial Hospital', city: 'Guangzhou', country: 'China', status: 'RECRUITING' }]);
  });

  it('writes one history entry per event with actor, reason, effective date and the field changes', () => {
    const b = new StreamBuilder();
    const first = historyEntry(nctId, initialState(), b.record(registered(nctId), { reason: 'Posted' }));
    const change = b.record(
      { type: 'TrialStatusChanged', data: { nctId, from: 'NOT_YET_RECRUITING', to: 'UNKNOWN' } },
      { reason: 'Verification lapsed', effectiveDate: '2019-01', actor: 'registry-sync' },
    );
    const { entry } = historyEntry(nctId, first.after, change);
    expect(first.entry.changes).toEqual(expect.arrayContaining([{ field: 'status', from: null, to: 'NOT_YET_RECRUITING' }]));
    expect(entry).toMatchObject({
      revision: 2, type: 'TrialStatusChanged', actor: 'registry-sync', reason: 'Verification lapsed', effectiveDate: '2019-01',
      changes: [
        { field: 'status', from: 'NOT_YET_RECRUITING', to: 'UNKNOWN' },
        { field: 'lastKnownStatus', from: null, to: 'NOT_YET_RECRUITING' },
      ],
    });
  });
});
