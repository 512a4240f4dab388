/** Read models behind the log whose position has not moved for `forMs`. */
export interface Stall {
  position: number;
  lag: number;
  forMs: number;
}

/**
 * Remembers, per process, where the probes last saw the read models and since when they have been behind at that
 * position. A leader that renews its lease but applies nothing (a stuck projection) is never replaced, and the lag
 * only grows slowly under light traffic: a lag limit alone would not notice, a position that stopped moving while
 * events wait does.
 *
 * The wait starts at the first probe that sees the read models behind at a position, not when that position was
 * reached: an idle log leaves the position still for hours with nothing to apply, which is no stall.
 */
export class ProgressWatch {
  private behindAt: { position: number; sinceMs: number } | null = null;

  constructor(
    private readonly stallAfterMs: number,
    private readonly nowMs: () => number,
  ) {}

  /** The stall, once the read models have been behind at one position for at least the threshold; else null. */
  observe(position: number, lag: number): Stall | null {
    if (lag === 0) {
      this.behindAt = null;
      return null;
    }
    const now = this.nowMs();
    if (this.behindAt?.position !== position) this.behindAt = { position, sinceMs: now };
    const forMs = now - this.behindAt.sinceMs;
    return forMs >= this.stallAfterMs ? { position, lag, forMs } : null;
  }
}
