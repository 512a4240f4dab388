import { Pool, PoolClient } from 'pg';
import { withTransaction } from '@trial-ledger/platform';
import { PG_TRIAL_COMPLIANCE_SCHEMA } from './pg-trial-compliance-schema';
import { PG_TRIAL_SEARCH_SCHEMA, indexConditionTerms } from './pg-trial-search';

/**
 * Unqualified names, so a deployment (or a test) can place the read models in any schema through the
 * connection's search_path. nct_id is collated "C" so that listings page in the same byte order as SQLite,
 * whatever the database's default locale.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS projection_checkpoints (name TEXT PRIMARY KEY, position BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS trial_view (
  nct_id TEXT COLLATE "C" PRIMARY KEY, status TEXT NOT NULL, revision INTEGER NOT NULL, position BIGINT NOT NULL,
  conditions_key TEXT NOT NULL, countries_key TEXT NOT NULL, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS trial_view_status ON trial_view(status);
-- History rows once held a copy of their event (entry); a table of that shape is replayed from the log.
DO $$ BEGIN
  IF EXISTS (SELECT 1 FROM information_schema.columns
             WHERE table_schema = current_schema() AND table_name = 'trial_history' AND column_name = 'entry') THEN
    DROP TABLE trial_history;
    DELETE FROM trial_history_state;
    DELETE FROM projection_checkpoints WHERE name IN ('trial-history', 'trial-history~rows-covered');
  END IF;
END $$;
CREATE TABLE IF NOT EXISTS trial_history (
  nct_id TEXT NOT NULL, revision INTEGER NOT NULL, position BIGINT NOT NULL, changes TEXT NOT NULL,
  PRIMARY KEY (nct_id, revision));
CREATE TABLE IF NOT EXISTS trial_history_state (nct_id TEXT PRIMARY KEY, state TEXT NOT NULL);
`;

/** The platform's one transaction helper, under the name the read models have always used. */
export const inTransaction = withTransaction;

/**
 * CREATE ... IF NOT EXISTS is not safe against itself: two sessions creating the same table at once can
 * fail on the catalog's unique index. The transaction-scoped advisory lock makes concurrent starts queue.
 */
export const createSchemaOnce = (pool: Pool, lockName: string, ddl: string, after?: (client: PoolClient) => Promise<void>): Promise<void> =>
  inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [lockName]);
    await client.query(ddl);
    await after?.(client);
  });

const ensured = new WeakMap<Pool, Promise<void>>();

/** Creates the read-model tables when missing, once per pool; a failed attempt is retried on the next call. */
export const ensureReadModelSchema = (pool: Pool): Promise<void> => {
  let pending = ensured.get(pool);
  if (!pending) {
    pending = createSchemaOnce(
      pool,
      'trial-ledger/read-model-schema',
      SCHEMA + PG_TRIAL_SEARCH_SCHEMA + PG_TRIAL_COMPLIANCE_SCHEMA,
      indexConditionTerms,
    );
    ensured.set(pool, pending);
    pending.catch(() => ensured.delete(pool));
  }
  return pending;
};
