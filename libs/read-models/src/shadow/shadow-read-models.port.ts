import { ProjectionHandler } from '../ports/read-model.port';

/** One table's rows on each side when the shadow was compared with the live read models. */
export interface TableCount {
  table: string;
  live: number;
  shadow: number;
}

/**
 * What the comparison found. Trials at the same revision on both sides are compared by a digest of all their rows;
 * those at different revisions (the live models lag or lead the shadow by a few events) are counted, not compared.
 */
export interface ModelComparison {
  tables: TableCount[];
  /** Trials at the same revision on both sides, whose digests were compared. */
  compared: number;
  /** Trials at different revisions on the two sides, or only in the shadow: not compared. */
  notCompared: number;
  /** Trials whose rows differ at the same revision, or that the live models hold and the shadow does not. */
  differing: string[];
}

/** A swap refused because a live projection had moved past the shadow: the shadow must catch up first. */
export interface SwapRefused {
  swapped: false;
  projection: string;
  live: number;
  shadow: number;
}

export type SwapOutcome = { swapped: true; position: number } | SwapRefused;

/**
 * A second copy of the read models, built beside the live ones while they keep serving and replaced into them in
 * one transaction. An adapter per engine: a file beside the live one on SQLite, a schema on PostgreSQL.
 */
export abstract class ShadowReadModels {
  /** The shadow's projections: dropped and created empty when `fresh`, else as an interrupted build left them. */
  abstract open(fresh: boolean): Promise<ProjectionHandler[]>;

  /** Row counts per table and a digest per trial, live against shadow, each side read as of one instant. */
  abstract compare(): Promise<ModelComparison>;

  /**
   * Replaces the live models' tables with the shadow's and sets each live checkpoint to the shadow's, in one
   * transaction that holds off the live projections. When a live checkpoint stands past the shadow's, `catchUp`
   * (which replays the log into the shadow up to the head) runs first, inside that transaction: the live projections
   * wait for it instead of racing it. Refused, with nothing changed, if a live checkpoint is still past the shadow's.
   */
  abstract swap(catchUp: () => Promise<void>): Promise<SwapOutcome>;

  /** Releases the shadow's connections; after a swap the shadow is gone. */
  abstract close(): Promise<void>;
}
