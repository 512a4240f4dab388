import { Pool } from 'pg';
import { DEFAULT_LEADER_LEASE_SECONDS, WriteFence } from '@trial-ledger/platform';
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
import { PgLease } from '../leadership/pg-lease';
import { PgLeaseLeadership } from '../leadership/pg-lease-leadership';
import { ReadSide } from './engine';

// One lease for the whole deployment: every process sharing these read models competes for the same row.
const BACKGROUND_WORK_LEASE = 'background-work';

class PgRelayCheckpoints extends RelayCheckpointFactory {
  constructor(
    private readonly pool: Pool,
    private readonly fence: WriteFence,
  ) {
    super();
  }

  open(name: string): RelayCheckpoint {
    return new PgRelayCheckpoint(this.pool, name, this.fence);
  }
}

/**
 * The lease's queries get a connection of their own, named in pg_stat_activity, and give up after half a lease:
 * a renewal stuck on a half-open connection must fail while the leader can still try again before the lease ends,
 * and a merely slow database must not fail it at once.
 */
const leaseLeadership = (databaseUrl: string, leaseSeconds: number): { leadership: PgLeaseLeadership; pool: Pool } => {
  const timeoutMs = (leaseSeconds * 1000) / 2;
  const pool = new Pool({
    connectionString: databaseUrl,
    max: 1,
    application_name: 'trial-ledger-lease',
    connectionTimeoutMillis: timeoutMs,
    query_timeout: timeoutMs,
  });
  pool.on('error', () => undefined);
  return { leadership: new PgLeaseLeadership(new PgLease(pool, BACKGROUND_WORK_LEASE, leaseSeconds * 1000)), pool };
};

/**
 * Read models, relay checkpoint and leader lease in one PostgreSQL database, shared by every process of a
 * deployment; the lease decides which one runs the projections and the relay, and fences their writes.
 */
export const openPostgresReadSide = async (databaseUrl: string, leaseSeconds = DEFAULT_LEADER_LEASE_SECONDS): Promise<ReadSide> => {
  // Bounded like the event store's: a database that accepts no connections fails the request instead of hanging it.
  // A paused process's open transaction keeps its row locks (a checkpoint's), which would stall the next leader's
  // writes for as long as the pause: the server ends a transaction left idle for a lease, so they are freed by then.
  const pool = new Pool({
    connectionString: databaseUrl,
    connectionTimeoutMillis: 5000,
    options: `-c idle_in_transaction_session_timeout=${leaseSeconds * 1000}`,
  });
  // An idle client that loses its server emits 'error' on the pool; the next query reports it instead.
  pool.on('error', () => undefined);
  await ensureReadModelSchema(pool);
  const lease = leaseLeadership(databaseUrl, leaseSeconds);
  const { fence } = lease.leadership;
  const handlers = [
    new PgTrialViewProjection(pool, fence),
    new PgTrialHistoryProjection(pool, fence),
    new PgTrialComplianceProjection(pool, fence),
  ];
  return {
    handlers,
    // Their writes are I/O the loop awaits, not work that holds it: they run on it.
    liveProjections: (store, options) => new InProcessProjectionRunner(store, handlers, options),
    readModel: new PgTrialReadModel(
      pool,
      handlers.map((h) => h.name),
    ),
    complianceReadModel: new PgTrialComplianceReadModel(pool),
    relayCheckpoints: new PgRelayCheckpoints(pool, fence),
    leadership: lease.leadership,
    close: async () => {
      await Promise.all([pool.end(), lease.pool.end()]);
    },
  };
};
