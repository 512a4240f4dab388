import { StoreWriteProbe, Writability } from '@trial-ledger/event-store';

/*
 * /health/ready is public and not rate-limited, and each probe is a durable commit: without this, a flood of
 * readiness requests would become a flood of fsyncs on the store the commands need. Callers within the window
 * share one write's verdict, and concurrent callers share the write in flight.
 */
export class CoalescedWriteProbe extends StoreWriteProbe {
  private last: { atMs: number; verdict: Writability } | null = null;
  private inFlight: Promise<Writability> | null = null;

  constructor(
    private readonly inner: StoreWriteProbe,
    private readonly windowMs = 1000,
    private readonly now: () => number = Date.now,
  ) {
    super();
  }

  get location(): string {
    return this.inner.location;
  }

  probe(): Promise<Writability> {
    if (this.last && this.now() - this.last.atMs < this.windowMs) return Promise.resolve(this.last.verdict);
    this.inFlight ??= this.inner
      .probe()
      .then((verdict) => {
        this.last = { atMs: this.now(), verdict };
        return verdict;
      })
      .finally(() => (this.inFlight = null));
    return this.inFlight;
  }
}
