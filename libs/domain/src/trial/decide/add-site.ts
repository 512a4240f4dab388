import { DomainError } from '../../shared/domain-error';
import { AddSite } from '../trial.commands';
import { SiteAdded } from '../trial.events';
import { TrialState } from '../trial.state';
import { siteKey } from '../site-id';
import { Violations, requireRegistered } from './invariants';

export const addSite = (command: AddSite, state: TrialState): SiteAdded[] => {
  const { nctId, siteId } = command.data;
  const trial = requireRegistered(state, nctId);
  const { facility, city, country } = command.data;
  new Violations()
    .check(siteId.trim() !== '', 'siteId', 'must not be empty')
    .check(
      [facility, city, country].some((p) => (p ?? '').trim() !== ''),
      'facility',
      'a site needs at least a facility, a city or a country',
    )
    .throwIfAny();
  if (trial.sites.some((s) => s.siteId === siteId)) {
    throw new DomainError('SITE_ALREADY_EXISTS', `Site ${siteId} already exists on trial ${nctId}`, { nctId, siteId });
  }
  const key = siteKey(command.data);
  const same = trial.sites.find((s) => siteKey(s) === key);
  if (same) {
    throw new DomainError('SITE_ALREADY_EXISTS', `Trial ${nctId} already has this site as ${same.siteId}`, { nctId, siteId: same.siteId });
  }
  return [{ type: 'SiteAdded', data: { ...command.data } }];
};
