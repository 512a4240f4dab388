import { Logger } from '@nestjs/common';
import { PoolClient, escapeIdentifier } from 'pg';
import { SearchKeys, keyValues, sameSearchKeys } from '../trial-view/trial-search-keys';
import { insertValues } from './pg-values';

/*
 * The list filters' own tables, as in SQLite (sqlite/trial-search-tables.ts): a row per (condition, trial) and per
 * (country, trial) with the trial's status, and the conditions in use once each. Read models made before them get
 * them filled from the keys their trials hold, in the schema's transaction (under its advisory lock), so that no
 * reader sees the tables without their rows.
 */
export const PG_TRIAL_SEARCH_SCHEMA = `
DO $$ BEGIN
  IF to_regclass('trial_countries') IS NULL THEN
    CREATE TABLE condition_terms (term TEXT PRIMARY KEY);
    CREATE TABLE trial_conditions (
      term TEXT NOT NULL, status TEXT NOT NULL, nct_id TEXT COLLATE "C" NOT NULL, PRIMARY KEY (term, nct_id));
    CREATE TABLE trial_countries (
      country TEXT NOT NULL, status TEXT NOT NULL, nct_id TEXT COLLATE "C" NOT NULL, PRIMARY KEY (country, nct_id));
    CREATE INDEX trial_countries_status ON trial_countries (country, status, nct_id);
    INSERT INTO trial_conditions (term, status, nct_id)
      SELECT DISTINCT v, status, nct_id FROM trial_view, unnest(string_to_array(conditions_key, E'\\n')) v WHERE v <> '';
    INSERT INTO condition_terms (term) SELECT DISTINCT term FROM trial_conditions;
    INSERT INTO trial_countries (country, status, nct_id)
      SELECT DISTINCT v, status, nct_id FROM trial_view, unnest(string_to_array(countries_key, E'\\n')) v WHERE v <> '';
  END IF;
END $$;
`;

/** A trial's keys before (undefined: new to the tables) and after a batch. */
export interface SearchChange {
  nctId: string;
  before: SearchKeys | undefined;
  after: SearchKeys;
}

const pairs = (changes: SearchChange[], keys: (c: SearchChange) => SearchKeys | undefined, field: 'conditions' | 'countries') =>
  changes.flatMap((c) => {
    const k = keys(c);
    return k ? keyValues(k[field]).map((value) => [value, k.status, c.nctId]) : [];
  });

const deleteRows = async (client: PoolClient, table: string, column: string, rows: string[][]): Promise<void> => {
  if (rows.length === 0) return;
  await client.query(`DELETE FROM ${table} WHERE (${column}, nct_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))`, [
    rows.map((r) => r[0]),
    rows.map((r) => r[2]),
  ]);
};

/** Rewrites the rows of the trials whose status or keys changed, in the caller's transaction. */
export const updateTrialSearch = async (client: PoolClient, all: SearchChange[]): Promise<void> => {
  const changes = all.filter((c) => !sameSearchKeys(c.before, c.after));
  if (changes.length === 0) return;
  const [oldConditions, newConditions] = [pairs(changes, (c) => c.before, 'conditions'), pairs(changes, (c) => c.after, 'conditions')];
  await deleteRows(client, 'trial_conditions', 'term', oldConditions);
  await deleteRows(
    client,
    'trial_countries',
    'country',
    pairs(changes, (c) => c.before, 'countries'),
  );
  const terms = new Set(newConditions.map((r) => r[0]));
  if (terms.size > 0)
    await client.query('INSERT INTO condition_terms (term) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING', [[...terms]]);
  await insertValues(client, 'trial_conditions (term, status, nct_id)', 3, newConditions);
  await insertValues(
    client,
    'trial_countries (country, status, nct_id)',
    3,
    pairs(changes, (c) => c.after, 'countries'),
  );
  const dropped = [...new Set(oldConditions.map((r) => r[0]))].filter((term) => !terms.has(term));
  if (dropped.length === 0) return;
  await client.query(
    'DELETE FROM condition_terms t WHERE t.term = ANY($1::text[]) AND NOT EXISTS (SELECT 1 FROM trial_conditions c WHERE c.term = t.term)',
    [dropped],
  );
};

/** The keys the trials' rows hold now, before a batch writes them. */
export const storedSearchKeys = async (client: PoolClient, nctIds: string[]): Promise<Map<string, SearchKeys>> => {
  const { rows } = await client.query<SearchKeys & { nct_id: string }>(
    'SELECT nct_id, status, conditions_key AS conditions, countries_key AS countries FROM trial_view WHERE nct_id = ANY($1::text[])',
    [nctIds],
  );
  return new Map(rows.map(({ nct_id, ...keys }) => [nct_id, keys]));
};

export const clearTrialSearch = async (client: PoolClient): Promise<void> => {
  await client.query('DELETE FROM trial_conditions');
  await client.query('DELETE FROM condition_terms');
  await client.query('DELETE FROM trial_countries');
};

const TRIGRAM_INDEX = 'condition_terms_trigrams';

/** The schema pg_trgm is installed in, creating it in public when it is missing; null when it cannot be had. */
const trigramSchema = async (client: PoolClient): Promise<string | null> => {
  const installed = await client.query<{ schema: string }>(
    "SELECT n.nspname AS schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'",
  );
  if (installed.rows.length > 0) return installed.rows[0].schema;
  await client.query('SAVEPOINT trigrams');
  try {
    // In public rather than the read models' schema: dropping that schema would take the extension, and with it
    // the indexes of every other schema of the database that uses it.
    await client.query('CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public');
    return 'public';
  } catch (error) {
    await client.query('ROLLBACK TO SAVEPOINT trigrams');
    new Logger('PgReadModels').warn(
      `pg_trgm could not be created (${(error as Error).message}): a condition filter scans the distinct conditions without a trigram index`,
    );
    return null;
  }
};

/**
 * A trigram index over the distinct conditions, so that a term of three characters or more (LIKE '%term%') reads
 * the conditions holding its trigrams instead of all of them. Without pg_trgm the same LIKE scans them.
 */
export const indexConditionTerms = async (client: PoolClient): Promise<void> => {
  if ((await client.query<{ found: boolean }>('SELECT to_regclass($1) IS NOT NULL AS found', [TRIGRAM_INDEX])).rows[0].found) return;
  const schema = await trigramSchema(client);
  if (schema === null) return;
  await client.query(`CREATE INDEX ${TRIGRAM_INDEX} ON condition_terms USING gin (term ${escapeIdentifier(schema)}.gin_trgm_ops)`);
};
