import { TrialFilter } from '../ports/read-model.port';
import { needsKeyScan } from '../trial-view/trial-search-keys';

/** The NCT IDs a filter selects, each once, as one SELECT and its parameters. */
export interface FilterSql {
  ids: string;
  params: string[];
}

/** Status (trials_status_order), no filter, or a term only a scan of the keys answers (trials_search). */
const keyScan = (filter: TrialFilter): FilterSql => {
  const where: string[] = [];
  const params: string[] = [];
  if (filter.status) {
    where.push('status = ?');
    params.push(filter.status);
  }
  if (filter.condition) {
    where.push('instr(conditions_key, ?) > 0');
    params.push(filter.condition.toLowerCase());
  }
  if (filter.country) {
    where.push('instr(countries_key, ?) > 0');
    params.push(`\n${filter.country.toLowerCase()}\n`);
  }
  return { ids: `SELECT nct_id FROM trials${where.length ? ` WHERE ${where.join(' AND ')}` : ''}`, params };
};

/** The matching conditions' rows, narrowed by status on the row and by country through its primary key. */
const byCondition = (condition: string, status: string | undefined, country: string | undefined): FilterSql => {
  const params = [condition.toLowerCase()];
  let sql = 'SELECT DISTINCT nct_id FROM trial_conditions tc WHERE term IN (SELECT term FROM condition_terms WHERE instr(term, ?) > 0)';
  if (status) {
    sql += ' AND status = ?';
    params.push(status);
  }
  if (country) {
    sql += ' AND EXISTS (SELECT 1 FROM trial_countries c WHERE c.country = ? AND c.nct_id = tc.nct_id)';
    params.push(country.toLowerCase());
  }
  return { ids: sql, params };
};

/** One index range, in NCT ID order: (country, nct_id), or (country, status, nct_id) with a status. */
const byCountry = (country: string, status: string | undefined): FilterSql =>
  status
    ? { ids: 'SELECT nct_id FROM trial_countries WHERE country = ? AND status = ?', params: [country.toLowerCase(), status] }
    : { ids: 'SELECT nct_id FROM trial_countries WHERE country = ?', params: [country.toLowerCase()] };

/**
 * A condition is a part of one of a trial's conditions and a country the whole of one of its site countries, both
 * case-insensitive (lower-cased here as the projection lower-cases the keys); combined filters must all hold.
 */
export const filterSql = (filter: TrialFilter): FilterSql => {
  if (needsKeyScan(filter)) return keyScan(filter);
  if (filter.condition) return byCondition(filter.condition, filter.status, filter.country);
  if (filter.country) return byCountry(filter.country, filter.status);
  return keyScan(filter);
};
