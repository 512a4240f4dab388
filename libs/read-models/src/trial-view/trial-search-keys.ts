import { TrialView, countriesOf } from './trial-view.projection';

/** Newline-framed, lower-cased values, so a filter can match a whole value or a part of one with instr(). */
export const searchKey = (values: string[]): string => `\n${values.map((v) => v.toLowerCase()).join('\n')}\n`;

/** What the list filters match a trial on, as the trial-view projection writes it beside the trial. */
export interface SearchKeys {
  status: string;
  conditions: string;
  countries: string;
}

export const searchKeysOf = (view: TrialView): SearchKeys => ({
  status: view.status,
  conditions: searchKey(view.conditions),
  countries: searchKey(countriesOf(view)),
});

/**
 * The values between a key's newlines, once each: the rows of the filter tables. A term without a newline is a
 * part of a key exactly when it is a part of one of these, and framed by newlines exactly when it equals one.
 */
export const keyValues = (key: string): string[] => [...new Set(key.split('\n').filter((v) => v !== ''))];

export const sameSearchKeys = (a: SearchKeys | undefined, b: SearchKeys): boolean =>
  a !== undefined && a.status === b.status && a.conditions === b.conditions && a.countries === b.countries;

/**
 * A term holding a newline can match across two values of a key (instr over the whole key), which the
 * per-value tables cannot answer: such a filter scans the keys, as every filter did before them.
 */
export const needsKeyScan = (filter: { condition?: string; country?: string }): boolean =>
  !!filter.condition?.includes('\n') || !!filter.country?.includes('\n');
