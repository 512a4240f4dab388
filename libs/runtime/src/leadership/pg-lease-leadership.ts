import { Logger } from '@nestjs/common';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { Pool, PoolClient } from 'pg';
import { FencedOutError, WriteFence } from '@trial-ledger/platform';
import { Leadership, LeadershipCallbacks } from './leadership';
import { PgLease } from './pg-lease';

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Leadership as a lease row with a term (PgLease). The leader renews it every third of its duration; a standby
 * tries for it every fifth, and wins it with the next term once it has run out by the database's clock. So a
 * leader that stops renewing (killed, paused, cut off, its loop stuck) is replaced within 1.2 leases, whether
 * or not its connections stay open.
 *
 * A former leader that wakes may still have writes in hand: `fence` makes each of them confirm the term in its
 * own transaction, and the first refused one, or the next failed renewal, steps this process down. It also steps
 * down when it could not renew for a whole lease (its own monotonic clock, started before the renewal was sent,
 * so it never counts longer than the database's lease): past that point a standby may have taken over.
 */
export class PgLeaseLeadership extends Leadership {
  private readonly logger = new Logger('Leadership');
  private readonly holder = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  readonly fence: WriteFence = new LeaseFence(this);
  private term: number | null = null;
  private validUntil = 0;
  private running = false;
  private tableReady = false;
  private timer: NodeJS.Timeout | null = null;
  private callbacks: LeadershipCallbacks | null = null;
  /** Ticks and step-downs one at a time, so work is never started and stopped at once. */
  private turn: Promise<void> = Promise.resolve();

  constructor(readonly lease: PgLease) {
    super();
  }

  async start(callbacks: LeadershipCallbacks): Promise<void> {
    this.callbacks = callbacks;
    this.running = true;
    await this.tick();
  }

  /** Stops the work while the term still holds (its last checkpoints are written), then hands the lease back. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    await this.serially(async () => {
      const term = this.term;
      if (term === null) return;
      this.logger.log(`Stepping down (stopping); releasing term ${term}`);
      try {
        await this.callbacks?.onDeposed();
      } finally {
        this.term = null;
      }
      await this.lease.release(term).catch((e: unknown) => this.logger.warn(`Could not release term ${term}: ${describe(e)}`));
    });
  }

  isLeader(): boolean {
    return this.term !== null;
  }

  currentTerm(): number | null {
    return this.term;
  }

  /** A fenced write found `term` over: step down, unless that already happened. */
  refused(term: number): void {
    void this.serially(async () => {
      if (this.term === term) await this.lose(`a write under term ${term} was refused: another process leads now`);
    }).catch((error: unknown) => this.stopFailed(error));
  }

  private async tick(): Promise<void> {
    await this.serially(async () => {
      if (!this.running) return;
      try {
        if (this.term === null) await this.campaign();
        else await this.renew(this.term);
      } catch (error) {
        if (this.term !== null && performance.now() >= this.validUntil)
          await this.lose(`could not renew for a whole lease: ${describe(error)}`);
      }
    }).catch((error: unknown) => this.stopFailed(error));
    if (!this.running) return;
    const every = this.term === null ? this.lease.durationMs / 5 : this.lease.durationMs / 3;
    this.timer = setTimeout(() => void this.tick(), every);
    this.timer.unref();
  }

  private async campaign(): Promise<void> {
    if (!this.tableReady) await this.lease.ensureTable();
    this.tableReady = true;
    const sent = performance.now();
    const term = await this.lease.acquire(this.holder);
    if (term === null) return;
    // Won while stopping: handed back, or a standby would wait a whole lease for nobody.
    if (!this.running) return this.lease.release(term);
    this.term = term;
    this.validUntil = sent + this.lease.durationMs;
    this.logger.log(`Elected under term ${term} (${this.holder}): this process runs the projections and the relay`);
    try {
      await this.callbacks?.onElected();
    } catch (error) {
      // Half-started work must not run on, nor hold the lease from a standby that may start it.
      await this.lose(`the work did not start: ${describe(error)}`);
      await this.lease.release(term).catch(() => undefined);
    }
  }

  private async renew(term: number): Promise<void> {
    const sent = performance.now();
    if (await this.lease.renew(term, this.holder)) this.validUntil = sent + this.lease.durationMs;
    else await this.lose(`term ${term} is over: another process took the lease`);
  }

  /** Writes are refused from here on (the term is forgotten first), then the work stops. */
  private async lose(why: string): Promise<void> {
    this.term = null;
    this.logger.warn(`Stepping down (${why})`);
    await this.callbacks?.onDeposed();
  }

  // Logged, never thrown (nothing awaits a tick): the term is already forgotten, so nothing more is written under it.
  private stopFailed(error: unknown): void {
    this.logger.error(`Stopping the work after losing leadership failed: ${describe(error)}`);
  }

  private serially(step: () => Promise<void>): Promise<void> {
    const next = this.turn.then(step);
    this.turn = next.catch(() => undefined);
    return next;
  }
}

class LeaseFence extends WriteFence {
  constructor(private readonly leadership: PgLeaseLeadership) {
    super();
  }

  async check(db: Pool | PoolClient): Promise<void> {
    const term = this.leadership.currentTerm();
    if (term === null) throw new FencedOutError('This process does not lead: the write was refused');
    if (await this.leadership.lease.holds(db, term)) return;
    this.leadership.refused(term);
    throw new FencedOutError(`Leadership term ${term} is over: another process leads now, and the write was refused`);
  }
}
