/**
 * Events an operator chose, on the record and with a reason, not to apply to the read models: the way out of an
 * event no projection can apply (docs/reliability.md). The record itself is kept by the access log, append-only.
 */
export abstract class SkippedEvents {
  /** Global positions of the skipped events. */
  abstract positions(): Promise<ReadonlySet<number>>;
}

/** The stream a skipped event is handed on as: no trial's, so every projection only moves its checkpoint past it. */
export const SKIPPED_EVENT_STREAM = '$skipped';
