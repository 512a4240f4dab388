import { TrialState } from './trial.state';

/** One changed field as auditors read it: `status` NOT_YET_RECRUITING → RECRUITING. */
export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

type Flat = Map<string, unknown>;
type Fields = Record<string, unknown>;

const NOTHING_SHARED: ReadonlySet<unknown> = new Set();

const siteIdOf = (item: unknown): string | undefined => (item as { siteId?: string } | null)?.siteId;

/** `skip`: items of a list to leave out, because the other state holds the very same object under the same key. */
const flatten = (value: unknown, path: string, out: Flat, skip = NOTHING_SHARED): Flat => {
  // An empty list holds nothing, like an absent field; recording it as a value made the first site
  // read as `sites: [] → null` beside its own fields, and a registration list `sites: null → []`.
  if (Array.isArray(value) && value.length === 0) {
    return out;
  } else if (Array.isArray(value) && value.every((v) => typeof v !== 'object' || v === null)) {
    out.set(path, value);
  } else if (Array.isArray(value)) {
    // Sites are keyed by their id, not their position, so a change reads as sites[site-1].status.
    value.forEach((item, i) => {
      if (!skip.has(item)) flatten(item, `${path}[${siteIdOf(item) ?? i}]`, out);
    });
  } else if (value !== null && typeof value === 'object') {
    const fields = value as Fields;
    for (const key in fields) flatten(fields[key], path ? `${path}.${key}` : key, out);
  } else {
    out.set(path, value);
  }
  return out;
};

/**
 * `evolve` copies only what an event changes, so a field holding the very same value in both states cannot
 * differ: leaving it out of both maps only drops entries that the comparison below would drop anyway, and
 * keeps every other entry in its order. It spares flattening the whole trial (every site) for each event.
 */
const flatPair = (before: TrialState, after: TrialState): [Flat, Flat] => {
  // An unregistered state has no fields.
  const a = (before.registered ? before : {}) as Fields;
  const b = (after.registered ? after : {}) as Fields;
  const [fa, fb]: [Flat, Flat] = [new Map(), new Map()];
  for (const key in a) flattenField(key, a, b, fa, fb);
  for (const key in b) if (!(key in a)) flattenField(key, a, b, fa, fb);
  return [fa, fb];
};

/**
 * Bookkeeping of the decider, not fields of the trial: which registry versions it holds, the digests of the parts
 * of the record it does not record, and what a correction needs of earlier revisions. The event itself names the
 * version, those parts or the corrected revision, in the history's payload.
 */
const BOOKKEEPING: ReadonlySet<string> = new Set(['registered', 'registryVersions', 'untrackedDigests', 'correctionBasis']);

const flattenField = (key: string, a: Fields, b: Fields, fa: Flat, fb: Flat): void => {
  if (BOOKKEEPING.has(key) || (key in a && key in b && a[key] === b[key])) return;
  const skip = sharedSites(a[key], b[key]);
  if (key in a) flatten(a[key], key, fa, skip);
  if (key in b) flatten(b[key], key, fb, skip);
};

/**
 * The same reasoning one level down: `evolve` keeps every site an event does not touch as the same object, and a
 * site's path is its id, not its position, so such a site flattens to the same entries in both states. Leaving it
 * out spares flattening every site of a large trial for each site event. Items without an id are paired by
 * position, and a same object at another position would read differently, so they are always flattened.
 */
const sharedSites = (before: unknown, after: unknown): ReadonlySet<unknown> => {
  if (!Array.isArray(before) || !Array.isArray(after)) return NOTHING_SHARED;
  const inAfter = new Set(after);
  const shared = before.filter((item) => siteIdOf(item) !== undefined && inAfter.has(item));
  return shared.length === 0 ? NOTHING_SHARED : new Set(shared);
};

// Two strings, or a string and anything else, are the same exactly when their JSON is: no need to write it.
const same = (a: unknown, b: unknown): boolean =>
  a === b || (typeof a !== 'string' && typeof b !== 'string' && JSON.stringify(a) === JSON.stringify(b));

/**
 * Field-level differences between two states, in a stable order (the fields of `before`, then those only in
 * `after`); absent values read as null. A rebuild calls this once per event, so it builds no key lists or
 * sets to order the fields: two loops over the maps give that order, and far less garbage.
 */
export const fieldChanges = (before: TrialState, after: TrialState): FieldChange[] => {
  const [a, b] = flatPair(before, after);
  const changes: FieldChange[] = [];
  for (const [field, from] of a) addChange(changes, field, from, b.get(field));
  for (const [field, to] of b) if (!a.has(field)) addChange(changes, field, undefined, to);
  return changes;
};

const addChange = (changes: FieldChange[], field: string, from: unknown, to: unknown): void => {
  const change = { field, from: from ?? null, to: to ?? null };
  if (!same(change.from, change.to)) changes.push(change);
};

/**
 * Whether one field of the trial differs between two states as `fieldChanges` would tell it, without flattening
 * the rest of the trial: the decider's bookkeeping asks this of a few fields for every event it folds.
 */
export const fieldChanged = (field: string, before: unknown, after: unknown): boolean => {
  if (before === after) return false;
  const a = flatten(before, field, new Map());
  const b = flatten(after, field, new Map());
  for (const [path, from] of a) if (!same(from ?? null, b.get(path) ?? null)) return true;
  for (const [path, to] of b) if (!a.has(path) && !same(null, to ?? null)) return true;
  return false;
};
