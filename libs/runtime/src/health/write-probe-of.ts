import { EventStore, PostgresEventStore, SqliteEventStore, StoreWriteProbe } from '@trial-ledger/event-store';
import { CoalescedWriteProbe } from './coalesced-write-probe';

/** The configured store's write probe; null on KurrentDB, whose adapter has no table of its own to write to. */
export const writeProbeOf = (store: EventStore): StoreWriteProbe | null =>
  store instanceof SqliteEventStore || store instanceof PostgresEventStore ? new CoalescedWriteProbe(store.writeProbe()) : null;

/** Injection token for the probe (a class token cannot stand for null). */
export const WRITE_PROBE = Symbol('WRITE_PROBE');
