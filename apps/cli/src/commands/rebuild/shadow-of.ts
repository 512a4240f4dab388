import { join } from 'node:path';
import { Pool } from 'pg';
import { AppConfig } from '@trial-ledger/platform';
import { PgShadowReadModels, ShadowReadModels, SqliteShadowReadModels } from '@trial-ledger/read-models';

/**
 * A pool on the read models' database whose connections find unqualified names only in `schema`, set at connection
 * start-up. A search_path in the URL's own options would win over it: the shadow checks where its names resolve.
 */
export const schemaPool = (databaseUrl: string) => (schema: string) => {
  const pool = new Pool({
    connectionString: databaseUrl,
    connectionTimeoutMillis: 5000,
    options: `-c search_path=${schema}`,
  });
  pool.on('error', () => undefined);
  return pool;
};

/** The shadow beside the configured read models, and what to release once the rebuild is over. */
export const shadowOf = (config: AppConfig): { shadow: ShadowReadModels; release(): Promise<void> } => {
  if (config.storage.readModelStore === 'sqlite') {
    return { shadow: new SqliteShadowReadModels(join(config.dataDir, 'read-models.sqlite')), release: async () => undefined };
  }
  const databaseUrl = config.storage.databaseUrl;
  if (!databaseUrl) throw new Error('DATABASE_URL is required for PostgreSQL read models');
  const live = new Pool({ connectionString: databaseUrl, connectionTimeoutMillis: 5000 });
  live.on('error', () => undefined);
  return { shadow: new PgShadowReadModels(live, schemaPool(databaseUrl)), release: () => live.end() };
};
