import { StreamBuilder, registered } from '../../ledger/src/testing/recorded-events';
import { projectTrialView } from './trial-view/trial-view.projection';
import { HistoryOutOfStepError, historyRow, joinHistory } from './trial-history/trial-history.projection';
import { initialState } from '@trial-ledger/domain';

describe('trial projections', () => {
  const nctId = 'NCT02985346';

  it('given registration then UNKNOWN, the view shows UNKNOWN with the last known status, revision and times', () => {
    const b = new StreamBuilder();
    const e1 = b.record(registered(nctId));
    const e2 = b.record({ type: 'TrialStatusChanged', data: { nctId, from: 'NOT_YET_RECRUITING', to: 'UNKNOWN' } });
    const view = [e1, e2].reduce(projectTrialView, null as ReturnType<typeof projectTrialView> | null);
    expect(view).toMatchObject({
      nctId,
      status: 'UNKNOWN',
      lastKnownStatus: 'NOT_YET_RECRUITING',
      revision: 2,
      position: 2,
      registeredAt: e1.metadata.recordedAt,
      updatedAt: e2.metadata.recordedAt,
    });
  });

  it('given a site and its status change, the view lists the site with its new status', () => {
    const b = new StreamBuilder();
    const events = [
      b.record(registered(nctId)),
      b.record({
        type: 'SiteAdded',
        data: { nctId, siteId: 's1', facility: 'Sun Yat-sen Memorial Hospital', city: 'Guangzhou', country: 'China' },
      }),
      b.record({ type: 'SiteStatusChanged', data: { nctId, siteId: 's1', to: 'RECRUITING' } }),
    ];
    const view = events.reduce(projectTrialView, null as ReturnType<typeof projectTrialView> | null);
    expect(view?.sites).toEqual([
      { siteId: 's1', facility: 'Sun Yat-sen Memorial Hospital', city: 'Guangzhou', country: 'China', status: 'RECRUITING' },
    ]);
  });

  describe('history', () => {
    const b = new StreamBuilder();
    const registration = b.record(registered(nctId), { reason: 'Posted' });
    const lapse = b.record(
      { type: 'TrialStatusChanged', data: { nctId, from: 'NOT_YET_RECRUITING', to: 'UNKNOWN' } },
      { reason: 'Verification lapsed', effectiveDate: '2019-01', actor: 'registry-sync' },
    );
    const first = historyRow(initialState(), registration);
    const second = historyRow(first.after, lapse);

    it('stores one row per event: its revision, its position and the field changes it made', () => {
      expect(first.row.changes).toEqual(expect.arrayContaining([{ field: 'status', from: null, to: 'NOT_YET_RECRUITING' }]));
      expect(second.row).toEqual({
        revision: 2,
        position: 2,
        changes: [
          { field: 'status', from: 'NOT_YET_RECRUITING', to: 'UNKNOWN' },
          { field: 'lastKnownStatus', from: null, to: 'NOT_YET_RECRUITING' },
        ],
      });
    });

    it('serves each row with who, when, why and the payload read from the logged event', () => {
      const entries = joinHistory(nctId, [first.row, second.row], [registration, lapse]);
      expect(entries[1]).toEqual({
        nctId,
        revision: 2,
        position: 2,
        eventId: 'evt-2',
        type: 'TrialStatusChanged',
        schemaVersion: 1,
        recordedAt: lapse.metadata.recordedAt,
        effectiveDate: '2019-01',
        postedDate: null,
        businessDates: [],
        actor: 'registry-sync',
        role: 'operator',
        reason: 'Verification lapsed',
        commandId: 'cmd-2',
        correlationId: 'cmd-2',
        causationId: 'cmd-2',
        changes: second.row.changes,
        data: lapse.data,
      });
      expect(entries[0]).toMatchObject({ revision: 1, reason: 'Posted', effectiveDate: null, changes: first.row.changes });
    });

    it('leaves out events the projection has not reached, and refuses rows the log does not hold', () => {
      expect(joinHistory(nctId, [first.row], [registration, lapse]).map((e) => e.revision)).toEqual([1]);
      expect(() => joinHistory(nctId, [first.row, second.row], [registration])).toThrow(HistoryOutOfStepError);
      expect(() => joinHistory(nctId, [{ ...second.row, position: 7 }], [registration, lapse])).toThrow(
        /revision 2 \(position 7\) does not match the log/,
      );
    });
  });
});
