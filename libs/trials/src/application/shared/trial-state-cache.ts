import { TrialState } from '@trial-ledger/domain';

/** A trial as of one revision of its stream, and the hash the next event must link to. */
export interface TrialSnapshot {
  state: TrialState;
  revision: number;
  headHash: string;
}

/**
 * The newest snapshot this process saw of each recently used trial, least recently used dropped first. It only
 * spares re-reading and re-decoding a stream's older events: every command still reads the stream from the
 * snapshot's revision on (so appends by other processes are seen) and appends with the revision it decided on.
 */
export class TrialStateCache {
  private readonly entries = new Map<string, TrialSnapshot>();

  constructor(private readonly capacity: number) {}

  get(nctId: string): TrialSnapshot | undefined {
    const entry = this.entries.get(nctId);
    if (entry) {
      this.entries.delete(nctId);
      this.entries.set(nctId, entry);
    }
    return entry;
  }

  /** Keeps the newer of the two snapshots: concurrent commands on one trial may finish out of order. */
  set(nctId: string, snapshot: TrialSnapshot): void {
    const known = this.entries.get(nctId);
    if (known && known.revision > snapshot.revision) return;
    this.entries.delete(nctId);
    this.entries.set(nctId, snapshot);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }

  /** Whether `snapshot` is the very one kept for the trial (a newer one may have replaced it meanwhile). */
  holds(nctId: string, snapshot: TrialSnapshot): boolean {
    return this.entries.get(nctId) === snapshot;
  }

  forget(nctId: string): void {
    this.entries.delete(nctId);
  }
}
