import { given } from '../../testing/given-when-then';
import { nctId, registeredAs, siteAdded, violationsOf } from '../../testing/trial-fixtures';
import { AddSite } from '../trial.commands';
import { SiteAddress } from '../trial.values';

const xinqiao: SiteAddress = { facility: 'Xinqiao Hospital', city: 'Chongqing', country: 'China' };
const addSite = (siteId: string, address: SiteAddress): AddSite => ({ type: 'AddSite', data: { nctId, siteId, ...address } });
const withXinqiao = [registeredAs('RECRUITING'), siteAdded('s1', xinqiao)];

describe('AddSite', () => {
  it('adds a site under its id, with an optional status', () => {
    given([registeredAs('RECRUITING')])
      .when(addSite('s1', xinqiao))
      .then([siteAdded('s1', xinqiao)]);
    given([registeredAs('RECRUITING')])
      .when({ ...addSite('s1', xinqiao), data: { ...addSite('s1', xinqiao).data, status: 'RECRUITING' } })
      .then([siteAdded('s1', xinqiao, 'RECRUITING')]);
  });

  it('refuses a second site with the same id, even at another address', () => {
    given(withXinqiao)
      .when(addSite('s1', { facility: 'Southwest Hospital', city: 'Chongqing', country: 'China' }))
      .thenThrows('SITE_ALREADY_EXISTS', { nctId, siteId: 's1' });
  });

  it('refuses the same address under another id, ignoring case and spacing, naming the existing site', () => {
    const sameplace = { facility: '  xinqiao   HOSPITAL ', city: 'CHONGQING', country: ' china' };
    given(withXinqiao).when(addSite('s2', sameplace)).thenThrows('SITE_ALREADY_EXISTS', { nctId, siteId: 's1' });
  });

  it('accepts another facility in the same city', () => {
    const other = { facility: 'Southwest Hospital', city: 'Chongqing', country: 'China' };
    given(withXinqiao)
      .when(addSite('s2', other))
      .then([siteAdded('s2', other)]);
  });

  it('tells sites apart by state and zip as well', () => {
    const springfieldIl = { facility: 'General Hospital', city: 'Springfield', state: 'Illinois', country: 'United States' };
    const springfieldMa = { ...springfieldIl, state: 'Massachusetts' };
    given([registeredAs('RECRUITING'), siteAdded('s1', springfieldIl)])
      .when(addSite('s2', springfieldMa))
      .then([siteAdded('s2', springfieldMa)]);
  });

  it.each<SiteAddress>([{ facility: 'Xinqiao Hospital' }, { city: 'Chongqing' }, { country: 'China' }])(
    'needs only one of facility, city or country (%p)',
    (address) =>
      given([registeredAs('RECRUITING')])
        .when(addSite('s1', address))
        .then([siteAdded('s1', address)]),
  );

  it('refuses a site with neither facility, city nor country, and an empty id', () => {
    given([registeredAs('RECRUITING')])
      .when(addSite(' ', { facility: ' ', state: 'Sichuan', zip: '610000' }))
      .thenThrows('VALIDATION_FAILED', violationsOf('siteId', 'facility'));
  });

  it('refuses a site on an unregistered trial', () => {
    given([]).when(addSite('s1', xinqiao)).thenThrows('TRIAL_NOT_FOUND', { nctId });
  });
});
