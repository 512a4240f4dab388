// A window this long touches most trials of a log only once or twice, yet keeps the held states to a few hundred MB.
export const DEFAULT_FLUSH_EVERY = 200_000;
// Beyond this many held states a rebuild reads some back from the store rather than grow without bound.
const MAX_HELD_STATES = 150_000;

/**
 * The trial states a projection holds between writes, and which of them changed since the last write: live
 * for one batch, in a write-behind rebuild across a window of batches. The same on every read-model engine.
 */
export class HeldStates<S> {
  readonly states = new Map<string, S>();
  private readonly dirty = new Set<string>();

  set(nctId: string, state: S): void {
    this.states.set(nctId, state);
    this.dirty.add(nctId);
  }

  /** For a state set straight into `states`. */
  touch(nctId: string): void {
    this.dirty.add(nctId);
  }

  /** The states changed since the last write, to write now. */
  changed(): Map<string, S> {
    return new Map([...this.dirty].map((nctId) => [nctId, this.states.get(nctId) as S]));
  }

  /** After a write: trials idle for a whole window are likely finished, so their states are let go. */
  written(): void {
    for (const nctId of this.states.keys()) if (!this.dirty.has(nctId)) this.states.delete(nctId);
    if (this.states.size > MAX_HELD_STATES) this.states.clear();
    this.dirty.clear();
  }

  /** Drops everything: after a failure it may describe changes that were rolled back. */
  clear(): void {
    this.states.clear();
    this.dirty.clear();
  }
}
