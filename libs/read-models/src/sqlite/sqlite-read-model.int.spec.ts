import { describeReadModelContract } from '../testing/read-model.contract';
import { openReadModelDb } from './read-model-db';
import { SqliteTrialHistoryProjection, SqliteTrialViewProjection } from './sqlite-projections';
import { SqliteTrialReadModel } from './sqlite-trial-read-model';

describeReadModelContract('SQLite', () => {
  const db = openReadModelDb(':memory:');
  const handlers = [new SqliteTrialViewProjection(db), new SqliteTrialHistoryProjection(db)];
  return {
    handlers,
    readModel: new SqliteTrialReadModel(
      db,
      handlers.map((h) => h.name),
    ),
    cleanup: () => void db.close(),
  };
});
