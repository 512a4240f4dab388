import { createHash } from 'node:crypto';
import { SiteAddress } from './trial.values';
import { siteKey } from './decide/add-site';

/**
 * A site's id is derived from its trial and its address. The same site therefore gets the same id
 * whether it arrives over the API, from an import or from a retried request, and no two sites of a
 * trial can share one (their addresses differ, which AddSite enforces).
 */
export const siteIdFor = (nctId: string, address: SiteAddress): string =>
  `site-${createHash('sha256').update(`${nctId}|${siteKey(address)}`).digest('hex').slice(0, 12)}`;
