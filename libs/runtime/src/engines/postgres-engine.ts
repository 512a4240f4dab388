import { Pool } from 'pg';
import { PgRelayCheckpoint, RelayCheckpoint, RelayCheckpointFactory } from '@trial-ledger/relay';
import {
  InProcessProjectionRunner,
  PgTrialComplianceProjection,
  PgTrialComplianceReadModel,
  PgTrialHistoryProjection,
  PgTrialReadModel,
  PgTrialViewProjection,
  ensureReadModelSchema,
} from '@trial-ledger/read-models';
import { PgAdvisoryLeadership } from '../leadership/pg-advisory-leadership';
import { ReadSide } from './engine';

// One key for the whole deployment: every process sharing these read models competes for the same lock.
const BACKGROUND_WORK_LOCK = 0x7472_6c77; // "trlw"

class PgRelayCheckpoints extends RelayCheckpointFactory {
  constructor(private readonly pool: Pool) {
    super();
  }

  open(name: string): RelayCheckpoint {
    return new PgRelayCheckpoint(this.pool, name);
  }
}

/**
 * Read models, relay checkpoint and leader lock in one PostgreSQL database, shared by every process of a
 * deployment; the lock decides which one runs the projections and the relay.
 */
export const openPostgresReadSide = async (databaseUrl: string): Promise<ReadSide> => {
  // Bounded like the event store's: a database that accepts no connections fails the request instead of hanging it.
  const pool = new Pool({ connectionString: databaseUrl, connectionTimeoutMillis: 5000 });
  // An idle client that loses its server emits 'error' on the pool; the next query reports it instead.
  pool.on('error', () => undefined);
  await ensureReadModelSchema(pool);
  const handlers = [new PgTrialViewProjection(pool), new PgTrialHistoryProjection(pool), new PgTrialComplianceProjection(pool)];
  return {
    handlers,
    // Their writes are I/O the loop awaits, not work that holds it: they run on it.
    liveProjections: (store) => new InProcessProjectionRunner(store, handlers),
    readModel: new PgTrialReadModel(
      pool,
      handlers.map((h) => h.name),
    ),
    complianceReadModel: new PgTrialComplianceReadModel(pool),
    relayCheckpoints: new PgRelayCheckpoints(pool),
    leadership: new PgAdvisoryLeadership({ connectionString: databaseUrl, lockKey: BACKGROUND_WORK_LOCK }),
    close: () => pool.end(),
  };
};
