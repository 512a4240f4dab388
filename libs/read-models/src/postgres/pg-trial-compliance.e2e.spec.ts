import * as reports from '../../../compliance/src/compliance/compliance-report';
import { postgresForTests } from '../../../../test/support/postgres';
import { createTestSchema } from '../testing/pg-test-schema';
import { describeTrialComplianceContract } from '../testing/trial-compliance.contract';
import { PgTrialComplianceProjection, PgTrialComplianceReadModel } from './pg-trial-compliance';

let database: { url: string; dispose(): Promise<void> };

beforeAll(async () => {
  database = await postgresForTests();
}, 120_000);

afterAll(async () => {
  await database?.dispose();
});

describeTrialComplianceContract(reports, 'PostgreSQL', async () => {
  const schema = await createTestSchema(database.url);
  const pool = schema.pool();
  return {
    projection: new PgTrialComplianceProjection(pool),
    readModel: new PgTrialComplianceReadModel(pool),
    cleanup: () => schema.dispose(),
  };
});
