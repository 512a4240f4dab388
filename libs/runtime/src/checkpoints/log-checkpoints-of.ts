import { EventStore, LogCheckpoints, PostgresEventStore, SqliteEventStore } from '@trial-ledger/event-store';

/** The checkpoints beside the configured log; null on an engine that keeps none (KurrentDB). */
export const logCheckpointsOf = (store: EventStore): LogCheckpoints | null =>
  store instanceof SqliteEventStore || store instanceof PostgresEventStore ? store.logCheckpoints() : null;
