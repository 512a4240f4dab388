/**
 * Runs each trial's work in the order it was asked for, so that two entries of one trial (an NDJSON history) are
 * recorded in source order even when they fall in one batch with other trials' entries.
 */
export class PerTrialQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(nctId: string, work: () => Promise<T>): Promise<T> {
    const before = this.tails.get(nctId) ?? Promise.resolve();
    const mine = before.then(work, work);
    const tail = mine.catch(() => undefined);
    this.tails.set(nctId, tail);
    void tail.then(() => {
      if (this.tails.get(nctId) === tail) this.tails.delete(nctId);
    });
    return mine;
  }
}
