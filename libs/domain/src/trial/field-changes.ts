import { TrialState } from './trial.state';

/** One changed field as auditors read it: `status` NOT_YET_RECRUITING → RECRUITING. */
export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

type Flat = Map<string, unknown>;

const flatten = (value: unknown, path: string, out: Flat): Flat => {
  // An empty list holds nothing, like an absent field; recording it as a value made the first site
  // read as `sites: [] → null` beside its own fields, and a registration list `sites: null → []`.
  if (Array.isArray(value) && value.length === 0) {
    return out;
  } else if (Array.isArray(value) && value.every((v) => typeof v !== 'object' || v === null)) {
    out.set(path, value);
  } else if (Array.isArray(value)) {
    // Sites are keyed by their id, not their position, so a change reads as sites[site-1].status.
    value.forEach((item, i) => flatten(item, `${path}[${(item as { siteId?: string }).siteId ?? i}]`, out));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) flatten(child, path ? `${path}.${key}` : key, out);
  } else {
    out.set(path, value);
  }
  return out;
};

const flat = (state: TrialState): Flat => {
  if (!state.registered) return new Map();
  const { registered: _registered, ...fields } = state;
  return flatten(fields, '', new Map());
};

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Field-level differences between two states, in a stable order; absent values read as null. */
export const fieldChanges = (before: TrialState, after: TrialState): FieldChange[] => {
  const a = flat(before);
  const b = flat(after);
  const fields = [...new Set([...a.keys(), ...b.keys()])];
  return fields
    .map((field) => ({ field, from: a.get(field) ?? null, to: b.get(field) ?? null }))
    .filter((c) => !same(c.from, c.to));
};
