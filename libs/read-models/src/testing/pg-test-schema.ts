import { Pool } from 'pg';
import { randomUUID } from 'node:crypto';

/**
 * Test support: a fresh, empty schema in one database, reached through search_path, so each case starts
 * empty without paying for a new database. `pool()` opens another pool on the same schema, as another
 * process would; `dispose()` ends every pool it opened and drops the schema.
 */
export interface TestSchema {
  pool(): Pool;
  dispose(): Promise<void>;
}

export const createTestSchema = async (url: string): Promise<TestSchema> => {
  const name = `rm_${randomUUID().replace(/-/g, '')}`;
  const admin = new Pool({ connectionString: url, max: 1 });
  await admin.query(`CREATE SCHEMA ${name}`);
  const pools: Pool[] = [];
  return {
    pool: () => {
      const pool = new Pool({ connectionString: url, options: `-c search_path=${name}`, max: 4 });
      // Dropping the test database terminates idle connections; unheard, that 'error' would crash the run.
      pool.on('error', () => undefined);
      pools.push(pool);
      return pool;
    },
    dispose: async () => {
      await Promise.all(pools.map((p) => p.end()));
      await admin.query(`DROP SCHEMA ${name} CASCADE`);
      await admin.end();
    },
  };
};
