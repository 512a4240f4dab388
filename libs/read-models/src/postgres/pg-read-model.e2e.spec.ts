import { postgresForTests } from '../../../../test/support/postgres';
import { describeReadModelContract } from '../testing/read-model.contract';
import { PgTrialHistoryProjection, PgTrialViewProjection } from './pg-projections';
import { PgTrialReadModel } from './pg-trial-read-model';
import { createTestSchema } from '../testing/pg-test-schema';

let database: { url: string; dispose(): Promise<void> };

beforeAll(async () => {
  database = await postgresForTests();
}, 120_000);

afterAll(async () => {
  await database?.dispose();
});

describeReadModelContract('PostgreSQL', async () => {
  const schema = await createTestSchema(database.url);
  const pool = schema.pool();
  const handlers = [new PgTrialViewProjection(pool), new PgTrialHistoryProjection(pool)];
  return {
    handlers,
    readModel: new PgTrialReadModel(
      pool,
      handlers.map((h) => h.name),
    ),
    cleanup: () => schema.dispose(),
  };
});
