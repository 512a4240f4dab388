import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import { Leadership, LeadershipCallbacks } from './leadership';

export interface PgLeadershipOptions {
  connectionString: string;
  /** The advisory-lock key all instances of one deployment share. */
  lockKey: number;
  /** How often a standby tries for the lock and the leader checks its connection. */
  intervalMs?: number;
}

/**
 * Leadership as a PostgreSQL session advisory lock on a connection of its own. The server releases the lock
 * the moment that connection dies (the process was killed, the network split), so a standby's next try wins
 * it. The leader checks its connection every interval and steps down as soon as the check fails, because by
 * then another process may hold the lock; the projections' checkpoint compare-and-set fences the overlap.
 */
export class PgAdvisoryLeadership extends Leadership {
  private readonly logger = new Logger('Leadership');
  private client: Client | null = null;
  private leading = false;
  private running = false;
  private timer: NodeJS.Timeout | null = null;
  private callbacks: LeadershipCallbacks | null = null;

  constructor(private readonly options: PgLeadershipOptions) {
    super();
  }

  async start(callbacks: LeadershipCallbacks): Promise<void> {
    this.callbacks = callbacks;
    this.running = true;
    await this.tick();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    await this.stepDown('stopping', true);
    await this.client?.end().catch(() => undefined);
    this.client = null;
  }

  isLeader(): boolean {
    return this.leading;
  }

  private async tick(): Promise<void> {
    try {
      if (this.leading) await this.confirm();
      else await this.campaign();
    } catch (error) {
      await this.lostConnection(error);
    }
    if (this.running) {
      this.timer = setTimeout(() => void this.tick(), this.options.intervalMs ?? 1000);
      this.timer.unref();
    }
  }

  private async campaign(): Promise<void> {
    const client = await this.connection();
    const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [this.options.lockKey]);
    if (!rows[0].locked || !this.running) return;
    this.leading = true;
    this.logger.log('Elected: this process runs the projections and the relay');
    await this.callbacks?.onElected();
  }

  private async confirm(): Promise<void> {
    await (await this.connection()).query('SELECT 1');
  }

  private async connection(): Promise<Client> {
    if (this.client) return this.client;
    const client = new Client({ connectionString: this.options.connectionString });
    // An idle connection that breaks emits 'error'; unhandled, it would crash the process.
    client.on('error', (error) => void this.lostConnection(error));
    await client.connect();
    this.client = client;
    return client;
  }

  private async lostConnection(error: unknown): Promise<void> {
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
    await this.stepDown(`its lock connection failed: ${error instanceof Error ? error.message : String(error)}`);
  }

  // A stop at shutdown is routine: a warning there would teach operators to ignore the real ones.
  private async stepDown(why: string, routine = false): Promise<void> {
    if (!this.leading) return;
    this.leading = false;
    if (routine) this.logger.log(`Stepping down (${why})`);
    else this.logger.warn(`Stepping down (${why})`);
    await this.callbacks?.onDeposed();
  }
}
