import { createHash } from 'node:crypto';
import { SiteAddress } from './trial.values';

/** Two sites are the same place when facility, city, state, zip and country agree, ignoring case and spacing. */
export const siteKey = (site: SiteAddress): string =>
  [site.facility, site.city, site.state, site.zip, site.country]
    .map((part) => (part ?? '').trim().replace(/\s+/g, ' ').toLowerCase())
    .join('|');

/**
 * A site's id is derived from its trial and its address. The same site therefore gets the same id
 * whether it arrives over the API, from an import or from a retried request. A registry record may list two
 * sites at one address (two departments of one hospital): the later ones are told apart by their occurrence,
 * and the first keeps the id it always had.
 */
export const siteIdFor = (nctId: string, address: SiteAddress, occurrence = 0): string => {
  const suffix = occurrence === 0 ? '' : `|#${occurrence}`;
  return `site-${createHash('sha256')
    .update(`${nctId}|${siteKey(address)}${suffix}`)
    .digest('hex')
    .slice(0, 12)}`;
};
