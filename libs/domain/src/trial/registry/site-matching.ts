import { siteIdFor, siteKey } from '../site-id';
import { SiteObservation } from '../trial.events';
import { Site, SiteAddress } from '../trial.values';
import { ObservedSite } from './registry-version';

const placeKey = (s: SiteAddress): string => siteKey({ ...s, facility: undefined });

/** Items grouped by key, each group in list order: the n-th listing of an address is that address's n-th site. */
const groupBy = <T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> => {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
};

const statusChange = (site: Site, observed: ObservedSite): SiteObservation[] =>
  (observed.status ?? null) === (site.status ?? null)
    ? []
    : [{ change: 'statusChanged', siteId: site.siteId, status: observed.status ?? null }];

interface Unmatched {
  gone: Site[];
  fresh: ObservedSite[];
  changes: SiteObservation[];
}

/** Same address, same occurrence: the same site. */
const matchByAddress = (current: readonly Site[], observed: readonly ObservedSite[]): Unmatched => {
  const held = groupBy(current, siteKey);
  const listed = groupBy(observed, siteKey);
  const changes: SiteObservation[] = [];
  const gone: Site[] = [];
  for (const [key, sites] of held) {
    const seen = listed.get(key) ?? [];
    sites.forEach((site, i) => (i < seen.length ? changes.push(...statusChange(site, seen[i])) : gone.push(site)));
  }
  const fresh = observed.filter((site) => {
    const key = siteKey(site);
    return (listed.get(key) ?? []).indexOf(site) >= (held.get(key) ?? []).length;
  });
  return { gone, fresh, changes };
};

/** A site gone and a new one at the same place (city, state, zip, country) is the site renamed. */
const matchRenames = ({ gone, fresh, changes }: Unmatched): Unmatched => {
  const freshByPlace = groupBy(fresh, placeKey);
  const stillGone: Site[] = [];
  const renamed = new Set<ObservedSite>();
  for (const site of gone) {
    const candidates = freshByPlace.get(placeKey(site)) ?? [];
    const next = candidates.find((c) => !renamed.has(c));
    if (next === undefined || !placeKey(site).replace(/\|/g, '')) {
      stillGone.push(site);
      continue;
    }
    renamed.add(next);
    changes.push({ change: 'renamed', siteId: site.siteId, facility: next.facility ?? null }, ...statusChange(site, next));
  }
  return { gone: stillGone, fresh: fresh.filter((s) => !renamed.has(s)), changes };
};

const newSite = (nctId: string, site: ObservedSite, taken: Set<string>): Site => {
  let occurrence = 0;
  while (taken.has(siteIdFor(nctId, site, occurrence))) occurrence += 1;
  const siteId = siteIdFor(nctId, site, occurrence);
  taken.add(siteId);
  return { siteId, ...site };
};

/**
 * The site changes that bring the ledger's sites to the ones a registry version lists. Sites are matched by
 * address and occurrence, then a vanished site and a new one at the same place are read as a rename, so a
 * facility renamed keeps its id and history; what is left over was removed or added.
 */
export const observeSites = (nctId: string, current: readonly Site[], observed: readonly ObservedSite[]): SiteObservation[] => {
  const { gone, fresh, changes } = matchRenames(matchByAddress(current, observed));
  const taken = new Set(current.map((s) => s.siteId));
  return [
    ...changes,
    ...gone.map((s): SiteObservation => ({ change: 'removed', siteId: s.siteId })),
    ...fresh.map((s): SiteObservation => ({ change: 'added', site: newSite(nctId, s, taken) })),
  ];
};

/** evolve's part for sites: the observations applied in order. */
export const applySiteObservations = (sites: readonly Site[], observations: readonly SiteObservation[]): Site[] =>
  observations.reduce<Site[]>(
    (list, o) => {
      switch (o.change) {
        case 'added':
          return [...list, { ...o.site }];
        case 'removed':
          return list.filter((s) => s.siteId !== o.siteId);
        case 'renamed':
          return list.map((s) => (s.siteId === o.siteId ? withOptional(s, 'facility', o.facility) : s));
        case 'statusChanged':
          return list.map((s) => (s.siteId === o.siteId ? withOptional(s, 'status', o.status) : s));
        default:
          return unreachable(o);
      }
    },
    [...sites],
  );

const withOptional = <K extends 'facility' | 'status'>(site: Site, key: K, value: Site[K] | null): Site => {
  const { [key]: _old, ...rest } = site;
  return (value === null ? rest : { ...rest, [key]: value }) as unknown as Site;
};

const unreachable = (value: never): never => {
  throw new Error(`Unhandled site observation: ${JSON.stringify(value)}`);
};
