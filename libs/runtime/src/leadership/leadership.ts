/**
 * Who runs the background work (projections, Kafka relay). Exactly one process at a time may: two would
 * race on the same checkpoints. `start` keeps campaigning until `stop`; `onElected` runs when this process
 * gains leadership and `onDeposed` when it loses it (its term is over), so the work stops at once.
 */
export interface LeadershipCallbacks {
  onElected(): Promise<void>;
  onDeposed(): Promise<void>;
}

export abstract class Leadership {
  abstract start(callbacks: LeadershipCallbacks): Promise<void>;
  abstract stop(): Promise<void>;
  abstract isLeader(): boolean;
}

/** One process owns the embedded store's files, so it is always the leader. */
export class SingleProcessLeadership extends Leadership {
  private leading = false;
  private callbacks: LeadershipCallbacks | null = null;

  async start(callbacks: LeadershipCallbacks): Promise<void> {
    this.callbacks = callbacks;
    this.leading = true;
    await callbacks.onElected();
  }

  async stop(): Promise<void> {
    if (!this.leading) return;
    this.leading = false;
    await this.callbacks?.onDeposed();
  }

  isLeader(): boolean {
    return this.leading;
  }
}
