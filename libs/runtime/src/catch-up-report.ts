import { EventStore } from '@trial-ledger/event-store';

// Counting is bounded so that a probe stays cheap; this one runs every few seconds, and only while behind.
const COUNT_LIMIT = 100_000_000;

const count = (n: number): string => Math.round(n).toLocaleString('en-US');

/**
 * While the read models catch up (after a start, a failover, or an outage of their database), logs every
 * `intervalMs` how many events they are behind, how many they applied per second since the last line, and when
 * they should be done at that pace; once caught up it says so and falls silent. A start that finds them current
 * logs nothing. Lags are counted by the store, not taken from positions (positions have gaps on PostgreSQL).
 */
export class CatchUpReport {
  private timer: NodeJS.Timeout | null = null;
  private last: { position: number; at: number } | null = null;
  private busy = false;

  constructor(
    private readonly store: Pick<EventStore, 'countEventsAfter'>,
    private readonly readModel: { position(): Promise<number> },
    private readonly log: (line: string) => void,
    private readonly intervalMs = 10_000,
  ) {}

  start(): void {
    this.stop();
    this.last = null;
    this.timer = setInterval(() => void this.report(), this.intervalMs);
    this.timer.unref();
    void this.report();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One line, or none when current; a probe that fails (the database away) waits for the next turn. */
  async report(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      await this.measure();
    } catch {
      // The projections report their own failures; this is only a progress line.
    } finally {
      this.busy = false;
    }
  }

  private async measure(): Promise<void> {
    const position = await this.readModel.position();
    const behind = await this.store.countEventsAfter(position, COUNT_LIMIT);
    const at = Date.now();
    if (behind === 0) {
      if (this.last !== null) this.log(`Read models caught up at position ${count(position)}`);
      this.last = null;
      this.stop();
      return;
    }
    const pace = this.last === null ? '' : await this.pace(behind, at, this.last);
    this.log(`Read models catching up: ${count(behind)} events behind${pace}`);
    this.last = { position, at };
  }

  /** Events applied since the last line: those after its position, less those still after today's. */
  private async pace(behind: number, at: number, last: { position: number; at: number }): Promise<string> {
    const applied = (await this.store.countEventsAfter(last.position, COUNT_LIMIT)) - behind;
    const rate = (applied * 1000) / Math.max(1, at - last.at);
    return rate > 0 ? `, ${count(rate)} events/s, ETA ${count(behind / rate)} s` : ', 0 events/s';
  }
}
