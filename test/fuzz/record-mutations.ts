import fc from 'fast-check';
import { FORBIDDEN_KEYS, INVALID_DATES, ODD_UNICODE, hostileString } from './arbitraries';

type Obj = Record<string, unknown>;
type Path = (string | number)[];

/** The modules the importer reads; the rest of a record (outcomes, eligibility…) it never looks at. */
const READ_MODULES = [
  'identificationModule',
  'statusModule',
  'sponsorCollaboratorsModule',
  'designModule',
  'conditionsModule',
  'armsInterventionsModule',
  'contactsLocationsModule',
];

const isContainer = (v: unknown): v is Obj | unknown[] => typeof v === 'object' && v !== null;

/** Every path below the read modules, containers and leaves, at most 4 levels into a module. */
export const pathsOf = (record: Obj): Path[] => {
  const out: Path[] = [];
  const walk = (value: unknown, path: Path): void => {
    out.push(path);
    if (!isContainer(value) || path.length > 5) return;
    Object.entries(value).forEach(([k, v]) => walk(v, [...path, Array.isArray(value) ? Number(k) : k]));
  };
  const p = record.protocolSection as Obj;
  READ_MODULES.filter((m) => isContainer(p[m])).forEach((m) => walk(p[m], ['protocolSection', m]));
  return out;
};

const parentOf = (record: Obj, path: Path): Obj | undefined => {
  const parent = path.slice(0, -1).reduce<unknown>((o, k) => (isContainer(o) ? (o as Obj)[k] : undefined), record);
  return isContainer(parent) ? (parent as Obj) : undefined;
};

/** A real own key, as JSON.parse makes it: assigning `__proto__` would set the prototype instead. */
const defineOwn = (target: Obj, key: string | number, value: unknown): void => {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
};

/** `kind` is one of RECORD_MUTATION_KINDS, to count what a run covered. */
export type RecordMutation = { kind: string; label: string; apply(record: Obj): void };

export const RECORD_MUTATION_KINDS = ['delete', 'wrong type', 'hostile date', 'own key', 'duplicate site', 'reorder sites', 'many sites'];

/** Shown by its label in a counterexample, not as the source of its function. */
const named = (kind: string, label: string, apply: (record: Obj) => void): RecordMutation =>
  ({ kind, label, apply, [fc.toStringMethod]: () => label }) as RecordMutation;

const at = (kind: string, path: Path, label: string, change: (parent: Obj, key: string | number) => void): RecordMutation =>
  named(kind, `${label} at ${path.join('.')}`, (record) => {
    const parent = parentOf(record, path);
    if (parent) change(parent, path[path.length - 1]);
  });

const wrongType = fc.oneof(
  fc.constantFrom<unknown>(null, true, 0, -1, 1.5, 1e308, Number.MAX_SAFE_INTEGER + 2, [], {}, [null], { date: 42 }, ''),
  hostileString,
);

const hostileDate = fc.oneof(
  fc.constantFrom(...INVALID_DATES),
  fc.constantFrom(...ODD_UNICODE),
  fc.constantFrom('2024', '2024-02', '1900-01-01', '2099-12-31'),
);

const locationsOf = (record: Obj): unknown[] | undefined => {
  const module = (record.protocolSection as Obj).contactsLocationsModule as Obj | undefined;
  return Array.isArray(module?.locations) ? module.locations : undefined;
};

/** Sites repeated (as they are or with another status or spacing), reordered, or grown to hundreds. */
const siteMutations: fc.Arbitrary<RecordMutation>[] = [
  fc.tuple(fc.nat(), fc.constantFrom(undefined, 'RECRUITING', 'COMPLETED', 'BOGUS'), fc.boolean()).map(([i, status, respace]) =>
    named('duplicate site', `duplicate site ${i}${status ? ` as ${status}` : ''}${respace ? ' respaced' : ''}`, (record: Obj) => {
      const list = locationsOf(record);
      if (!list || list.length === 0) return;
      const copy = { ...(list[i % list.length] as Obj) };
      if (status) copy.status = status;
      if (respace && typeof copy.city === 'string') copy.city = `  ${copy.city.toUpperCase()} `;
      list.push(copy);
    }),
  ),
  fc
    .integer({ min: 1, max: 1_000 })
    .map((seed) =>
      named('reorder sites', `reorder sites (${seed})`, (record: Obj) =>
        locationsOf(record)?.sort((a, b) => ((JSON.stringify(a).length * seed) % 97) - ((JSON.stringify(b).length * seed) % 97)),
      ),
    ),
  // Hundreds, not thousands: each site is a command that reloads its stream, and the run has a time budget.
  fc
    .constantFrom(100, 300)
    .map((n) =>
      named('many sites', `${n} sites`, (record: Obj) =>
        locationsOf(record)?.push(...Array.from({ length: n }, (_, i) => ({ city: `Town ${i}`, country: 'Chile', status: 'RECRUITING' }))),
      ),
    ),
];

/** One change to a record: delete a field, swap its type, put a hostile string or date in, add a prototype key, touch the sites. */
export const recordMutation = (paths: Path[]): fc.Arbitrary<RecordMutation> => {
  const path = fc.constantFrom(...paths);
  const datePaths = paths.filter((p) => p[p.length - 1] === 'date' || String(p[p.length - 1]).endsWith('Date'));
  return fc.oneof(
    path.map((p) => at('delete', p, 'delete', (parent, key) => delete parent[key])),
    fc
      .tuple(path, wrongType)
      .map(([p, v]) => at('wrong type', p, `set ${JSON.stringify(v)?.slice(0, 40)}`, (parent, key) => (parent[key] = v))),
    fc
      .tuple(fc.constantFrom(...datePaths), hostileDate)
      .map(([p, v]) => at('hostile date', p, `date ${JSON.stringify(v)}`, (parent, key) => (parent[key] = v))),
    fc.tuple(path, fc.constantFrom(...FORBIDDEN_KEYS), wrongType).map(([p, key, v]) =>
      at('own key', [...p, key], `own key ${key}`, (parent) => {
        // Arrays have no named keys in JSON; on an object it is what JSON.parse would make of the text.
        if (isContainer(parent) && !Array.isArray(parent)) defineOwn(parent, key, v);
      }),
    ),
    ...siteMutations,
  );
};
