import { DomainError } from '../../shared/domain-error';
import { UpdateSiteStatus } from '../trial.commands';
import { SiteStatusChanged } from '../trial.events';
import { TrialState } from '../trial.state';
import { requireRegistered } from './invariants';

export const updateSiteStatus = (command: UpdateSiteStatus, state: TrialState): SiteStatusChanged[] => {
  const { nctId, siteId, status: to } = command.data;
  const trial = requireRegistered(state, nctId);
  const site = trial.sites.find((s) => s.siteId === siteId);
  if (!site) {
    throw new DomainError('SITE_NOT_FOUND', `Trial ${nctId} has no site ${siteId}`, { nctId, siteId });
  }
  if (site.status === to) {
    throw new DomainError('NO_CHANGE', `Site ${siteId} is already ${to}`, { nctId, siteId, status: to });
  }
  const data = site.status === undefined ? { nctId, siteId, to } : { nctId, siteId, from: site.status, to };
  return [{ type: 'SiteStatusChanged', data }];
};
