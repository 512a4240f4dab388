import * as reports from '../../../compliance/src/compliance/compliance-report';
import { describeTrialComplianceContract } from '../testing/trial-compliance.contract';
import { openReadModelDb } from './read-model-db';
import { SqliteTrialComplianceProjection, SqliteTrialComplianceReadModel } from './sqlite-trial-compliance';

describeTrialComplianceContract(reports, 'SQLite', () => {
  const db = openReadModelDb(':memory:');
  return {
    projection: new SqliteTrialComplianceProjection(db),
    readModel: new SqliteTrialComplianceReadModel(db),
    cleanup: () => void db.close(),
  };
});
