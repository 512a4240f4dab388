import type { FaultyEvent } from '@trial-ledger/ledger';
import { ProjectionProgress } from './projection-progress.port';

/** A live projection that stopped on a failure and waits to retry from its checkpoint. */
export interface ProjectionFault {
  projection: string;
  /** The event it was applying, when the failure came from one (null: the read models could not be reached). */
  event: FaultyEvent | null;
  error: string;
  /** Failures in a row; the wait before the next attempt doubles with each, up to the configured maximum. */
  attempts: number;
  /** UTC instant of the first failure in this row. */
  since: string;
  retryInMs: number;
}

/**
 * Runs the projections live, each from its durable checkpoint, until stopped. Where they run (this event loop
 * or a thread of their own) is the adapter's choice; callers start, stop, listen for progress and ask what
 * stopped them.
 */
export abstract class ProjectionRunner extends ProjectionProgress {
  abstract start(): Promise<void>;
  abstract stop(): Promise<void>;
  /** The projections currently stopped on a failure; empty while all apply events (or when not running). */
  abstract faults(): ProjectionFault[];
}
