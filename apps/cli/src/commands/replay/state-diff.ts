/** One field that an event changed: where in the state, and its value before and after (undefined: absent). */
export interface StateChange {
  path: string;
  before: unknown;
  after: unknown;
}

type Node = Record<string, unknown>;

const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null;

/**
 * A list's items by a stable key: sites by their id, so that removing one does not read as every later site changed;
 * anything else by its position.
 */
const keyed = (list: unknown[]): Map<string, unknown> =>
  new Map(list.map((item, i) => [isNode(item) && typeof item.siteId === 'string' ? `[${item.siteId}]` : `[${i}]`, item]));

const entries = (value: Node): Map<string, unknown> =>
  Array.isArray(value) ? keyed(value) : new Map(Object.entries(value).map(([key, v]) => [`.${key}`, v]));

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * The fields that differ between two states, as the leaves where they differ: a value added or removed whole (a new
 * site) is one change, a changed field inside a site is one change of that field. In the order of `after`, then what
 * only `before` had.
 */
export const stateChanges = (before: unknown, after: unknown, path = ''): StateChange[] => {
  if (same(before, after)) return [];
  if (!isNode(before) || !isNode(after) || Array.isArray(before) !== Array.isArray(after)) return [{ path, before, after }];
  const [was, now] = [entries(before), entries(after)];
  const keys = [...now.keys(), ...[...was.keys()].filter((key) => !now.has(key))];
  return keys.flatMap((key) => stateChanges(was.get(key), now.get(key), `${path}${key}`));
};

const shown = (value: unknown): string => (value === undefined ? '(absent)' : JSON.stringify(value));

/** `  status: "NOT_YET_RECRUITING" -> "RECRUITING"`, one line per change, indented under the event's header. */
export const changeLine = ({ path, before, after }: StateChange): string =>
  `  ${path.replace(/^\./, '') || '(state)'}: ${shown(before)} -> ${shown(after)}`;
