import { AccessAction, AccessEntry, NewAccessEntry } from '@trial-ledger/compliance';
import { ChainedAccessEntry } from './access-chain';

export interface AccessLogQuery {
  nctId?: string;
  action?: AccessAction;
  /** Inclusive, UTC instant (ISO-8601). */
  from?: string;
  /** Exclusive, UTC instant (ISO-8601). */
  to?: string;
  limit: number;
  offset: number;
}

export interface AccessLogPage {
  items: AccessEntry[];
  total: number;
  limit: number;
  offset: number;
}

/**
 * Who read, exported or replayed a trial's audit trail, and the operator's skips of events the read models could
 * not apply: append-only, in a table of its own on each engine, never in a trial's stream or hash chain. There is
 * no update or delete here, and the SQLite adapter's triggers refuse them in the file itself. Each entry carries the
 * hash of the one before it (access-chain.ts), written in one transaction with reading that hash.
 */
export abstract class AccessLog {
  /** Durable when it resolves; returns the entry with its id. */
  abstract record(entry: NewAccessEntry): Promise<AccessEntry>;
  /** In the order recorded (ascending id). */
  abstract list(query: AccessLogQuery): Promise<AccessLogPage>;
  /** Entries after `afterId` in id order with their links, at most `limit`: for verifying the chain. */
  abstract chained(afterId: number, limit: number): Promise<ChainedAccessEntry[]>;
  abstract close(): Promise<void>;
}
