import { RecordedEvent } from '@trial-ledger/event-store';
import { TrialStatus } from '@trial-ledger/domain';
import { TrialSummary, TrialView } from '../trial-view/trial-view.projection';
import { HistoryRow } from '../trial-history/trial-history.projection';

export interface TrialFilter {
  status?: TrialStatus;
  /** Case-insensitive; matches a trial having a condition that contains it. */
  condition?: string;
  /** Case-insensitive; matches a trial having a site in that country. */
  country?: string;
  limit: number;
  offset: number;
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

/** Queries of the read side; the API reads only through this port. */
export abstract class TrialReadModel {
  abstract getTrial(nctId: string): Promise<TrialView | null>;
  abstract listTrials(filter: TrialFilter): Promise<Page<TrialSummary>>;
  /** The history projection's rows of one trial, in revision order; the entries join them with the log. */
  abstract getHistoryRows(nctId: string): Promise<HistoryRow[]>;
  /** The lowest checkpoint over all projections: every event up to it is visible in every read model. */
  abstract position(): Promise<number>;
}

/**
 * What the live runner drives. `handle` must apply a batch and move the checkpoint in one atomic step, so
 * that after a crash no event is applied twice or skipped.
 */
export interface LiveProjection {
  readonly name: string;
  checkpoint(): Promise<number>;
  handle(events: RecordedEvent[]): Promise<void>;
}

/** One projection: driven live, reset and rebuilt. */
export abstract class ProjectionHandler implements LiveProjection {
  abstract readonly name: string;
  abstract checkpoint(): Promise<number>;
  abstract handle(events: RecordedEvent[]): Promise<void>;
  /** Drops the read model and its checkpoint, for a rebuild from the log. */
  abstract reset(): Promise<void>;

  /**
   * How a rebuild feeds this projection. By default each batch goes through `handle`, durable at once;
   * an adapter may instead hold changes in memory and write them now and then, each time with the checkpoint.
   */
  rebuilder(_options: RebuilderOptions = {}): ProjectionRebuilder {
    return { apply: (events) => this.handle(events), finish: async () => undefined, abandon: () => undefined };
  }
}

export interface RebuilderOptions {
  /** Events a write-behind rebuilder may hold in memory before it writes them with its checkpoint. */
  flushEvery?: number;
}

/**
 * One projection's side of a rebuild. Whatever `apply` accepted is durable after `finish`; after `abandon`
 * the projection resumes from its last durable checkpoint, which always matches what was written.
 */
export interface ProjectionRebuilder {
  apply(events: RecordedEvent[]): Promise<void>;
  finish(): Promise<void>;
  abandon(): void;
}
