import { Pool } from 'pg';
import { TestSchema, createTestSchema } from '../../libs/read-models/src/testing/pg-test-schema';
import { postgresForTests } from './postgres';

/**
 * Registers the hooks of a spec whose every case wants empty read models: one test database for the file and a
 * fresh schema for each case, dropped after it. `pool()` opens a pool on the running case's schema.
 */
export const freshSchemaPerTest = (): { pool(): Pool } => {
  let database: { url: string; dispose(): Promise<void> } | undefined;
  let schema: TestSchema | undefined;
  beforeAll(async () => {
    database = await postgresForTests();
  }, 120_000);
  afterAll(async () => database?.dispose());
  beforeEach(async () => {
    if (!database) throw new Error('The test database did not start');
    schema = await createTestSchema(database.url);
  });
  afterEach(async () => schema?.dispose());
  return {
    pool: () => {
      if (!schema) throw new Error('No schema outside a test case');
      return schema.pool();
    },
  };
};
