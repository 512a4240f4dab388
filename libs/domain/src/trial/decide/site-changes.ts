import { DomainError } from '../../shared/domain-error';
import { RemoveSite, RenameSite } from '../trial.commands';
import { SiteRemoved, SiteRenamed } from '../trial.events';
import { RegisteredTrial, TrialState } from '../trial.state';
import { Site } from '../trial.values';
import { siteKey } from '../site-id';
import { Violations, requireRegistered } from './invariants';

const requireSite = (trial: RegisteredTrial, siteId: string): Site => {
  const site = trial.sites.find((s) => s.siteId === siteId);
  if (!site) throw new DomainError('SITE_NOT_FOUND', `Trial ${trial.nctId} has no site ${siteId}`, { nctId: trial.nctId, siteId });
  return site;
};

/** A site leaves the study's list; its history stays in the log, and listed again at the same address it gets its id back. */
export const removeSite = (command: RemoveSite, state: TrialState): SiteRemoved[] => {
  const { nctId, siteId } = command.data;
  requireSite(requireRegistered(state, nctId), siteId);
  return [{ type: 'SiteRemoved', data: { nctId, siteId } }];
};

/** The facility's new name; the site keeps its id, and no two sites of a trial end up at one address. */
export const renameSite = (command: RenameSite, state: TrialState): SiteRenamed[] => {
  const { nctId, siteId } = command.data;
  const facility = command.data.facility.trim();
  const trial = requireRegistered(state, nctId);
  const site = requireSite(trial, siteId);
  new Violations().check(facility !== '', 'facility', 'must not be empty').throwIfAny();
  if (site.facility === facility) throw new DomainError('NO_CHANGE', `Site ${siteId} is already named ${facility}`, { nctId, siteId });
  const renamed = siteKey({ ...site, facility });
  const clash = trial.sites.find((s) => s.siteId !== siteId && siteKey(s) === renamed);
  if (clash)
    throw new DomainError('SITE_ALREADY_EXISTS', `Trial ${nctId} already has a site at that address, ${clash.siteId}`, {
      nctId,
      siteId: clash.siteId,
    });
  return [
    {
      type: 'SiteRenamed',
      data: site.facility === undefined ? { nctId, siteId, facility } : { nctId, siteId, from: site.facility, facility },
    },
  ];
};
