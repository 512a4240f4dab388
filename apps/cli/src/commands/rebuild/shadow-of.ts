import { join } from 'node:path';
import { Pool } from 'pg';
import { AppConfig } from '@trial-ledger/platform';
import { PgShadowReadModels, ShadowReadModels, SqliteShadowReadModels } from '@trial-ledger/read-models';

/** A pool on the read models' database whose connections find unqualified names only in `schema`. */
export const schemaPool = (databaseUrl: string) => (schema: string) => {
  const pool = new Pool({ connectionString: databaseUrl, connectionTimeoutMillis: 5000 });
  pool.on('error', () => undefined);
  // Set on every new connection before its first query: a search_path in the URL would override a startup option.
  pool.on('connect', (client) => void client.query(`SET search_path TO "${schema.replace(/"/g, '""')}"`).catch(() => undefined));
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
