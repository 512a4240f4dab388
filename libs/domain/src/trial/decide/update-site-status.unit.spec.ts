import { given } from '../../testing/given-when-then';
import { nctId, registeredAs, siteAdded } from '../../testing/trial-fixtures';
import { UpdateSiteStatus } from '../trial.commands';
import { SiteStatus } from '../trial.values';

const address = { facility: 'Xinqiao Hospital', city: 'Chongqing', country: 'China' };
const setSiteStatus = (siteId: string, status: SiteStatus): UpdateSiteStatus => ({
  type: 'UpdateSiteStatus',
  data: { nctId, siteId, status },
});

describe('UpdateSiteStatus', () => {
  it('records the status the site moves from and to', () => {
    given([registeredAs('RECRUITING'), siteAdded('s1', address, 'NOT_YET_RECRUITING')])
      .when(setSiteStatus('s1', 'RECRUITING'))
      .then([{ type: 'SiteStatusChanged', data: { nctId, siteId: 's1', from: 'NOT_YET_RECRUITING', to: 'RECRUITING' } }]);
  });

  it('omits from when the site never had a status', () => {
    given([registeredAs('RECRUITING'), siteAdded('s1', address)])
      .when(setSiteStatus('s1', 'RECRUITING'))
      .then([{ type: 'SiteStatusChanged', data: { nctId, siteId: 's1', to: 'RECRUITING' } }]);
  });

  it('uses the status of the latest change', () => {
    const history = [
      registeredAs('RECRUITING'),
      siteAdded('s1', address, 'NOT_YET_RECRUITING'),
      { type: 'SiteStatusChanged' as const, data: { nctId, siteId: 's1', from: 'NOT_YET_RECRUITING' as const, to: 'RECRUITING' as const } },
    ];
    given(history)
      .when(setSiteStatus('s1', 'COMPLETED'))
      .then([{ type: 'SiteStatusChanged', data: { nctId, siteId: 's1', from: 'RECRUITING', to: 'COMPLETED' } }]);
    given(history).when(setSiteStatus('s1', 'RECRUITING')).thenThrows('NO_CHANGE');
  });

  it('refuses a site the trial does not have', () => {
    given([registeredAs('RECRUITING'), siteAdded('s1', address)])
      .when(setSiteStatus('s9', 'RECRUITING'))
      .thenThrows('SITE_NOT_FOUND', { nctId, siteId: 's9' });
  });

  it('refuses a change to the status the site already has', () => {
    given([registeredAs('RECRUITING'), siteAdded('s1', address, 'RECRUITING')])
      .when(setSiteStatus('s1', 'RECRUITING'))
      .thenThrows('NO_CHANGE', { nctId, siteId: 's1', status: 'RECRUITING' });
  });

  it('refuses a site change on an unregistered trial', () => {
    given([]).when(setSiteStatus('s1', 'RECRUITING')).thenThrows('TRIAL_NOT_FOUND', { nctId });
  });
});
