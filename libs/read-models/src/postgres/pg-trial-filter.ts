import { TrialFilter } from '../ports/read-model.port';
import { needsKeyScan } from '../trial-view/trial-search-keys';

/** The NCT IDs a filter selects, each once, as one SELECT with $1… placeholders and its parameters. */
export interface PgFilterSql {
  ids: string;
  params: string[];
}

/**
 * A part of a condition: LIKE with the term's own % _ and \ taken literally, which the trigram index serves
 * (pg-trial-search.ts) when the term has a trigram; strpos, the same match, for a shorter one.
 */
const termMatch = (term: string, p: (value: string) => string): string =>
  [...term].length >= 3 ? `term LIKE ${p(`%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)}` : `strpos(term, ${p(term)}) > 0`;

/** The same choice of path as SQLite (sqlite/sqlite-trial-filter.ts), matched the same way (strpos for instr). */
export const pgFilterSql = (filter: TrialFilter): PgFilterSql => {
  const params: string[] = [];
  const p = (value: string): string => `$${params.push(value)}`;
  const { status, condition, country } = filter;
  if (needsKeyScan(filter) || (!condition && !country)) {
    const where = [
      ...(status ? [`status = ${p(status)}`] : []),
      ...(condition ? [`strpos(conditions_key, ${p(condition.toLowerCase())}) > 0`] : []),
      ...(country ? [`strpos(countries_key, ${p(`\n${country.toLowerCase()}\n`)}) > 0`] : []),
    ];
    return { ids: `SELECT nct_id FROM trial_view${where.length ? ` WHERE ${where.join(' AND ')}` : ''}`, params };
  }
  if (condition) {
    let ids = `SELECT DISTINCT nct_id FROM trial_conditions tc WHERE term IN (SELECT term FROM condition_terms WHERE ${termMatch(condition.toLowerCase(), p)})`;
    if (status) ids += ` AND status = ${p(status)}`;
    if (country)
      ids += ` AND EXISTS (SELECT 1 FROM trial_countries c WHERE c.country = ${p(country.toLowerCase())} AND c.nct_id = tc.nct_id)`;
    return { ids, params };
  }
  let ids = `SELECT nct_id FROM trial_countries WHERE country = ${p((country as string).toLowerCase())}`;
  if (status) ids += ` AND status = ${p(status)}`;
  return { ids, params };
};
