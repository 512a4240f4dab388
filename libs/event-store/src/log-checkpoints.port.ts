/** The newest event of a stream at some position of the log, with the hash its integrity block stores. */
export interface StreamHead {
  streamId: string;
  revision: number;
  /** `metadata.integrity.hash` as stored; null for an event stored without one. */
  hash: string | null;
}

/** A prefix of the log, read in one snapshot: everything up to `position` and nothing else. */
export interface LogSnapshot {
  position: number;
  heads: StreamHead[];
}

/** A signed statement about the log: `payload` is the exact text signed (canonical JSON), `signature` base64. */
export interface NewCheckpoint {
  position: number;
  payload: string;
  signature: string;
}

export interface StoredCheckpoint extends NewCheckpoint {
  id: number;
}

/**
 * Where the signed checkpoints of the log are kept, beside the log and append-only like it, and how the log's
 * heads are read for them. Adapters: SQLite and PostgreSQL (KurrentDB has none).
 */
export abstract class LogCheckpoints {
  /** The log's visible head and every stream's head there, in stream-id order. */
  abstract snapshot(): Promise<LogSnapshot>;
  /** Every stream's head as of `position` (its newest event at or before it), in stream-id order. */
  abstract headsAt(position: number): Promise<StreamHead[]>;
  abstract append(checkpoint: NewCheckpoint): Promise<StoredCheckpoint>;
  /** The newest checkpoint, null when none was ever made. */
  abstract latest(): Promise<StoredCheckpoint | null>;
  abstract close(): Promise<void>;
}
