import { Client, ClientConfig } from 'pg';
import { APPENDED_CHANNEL } from './postgres-schema';

const RECONNECT_MS = 1000;

/**
 * The store's one LISTEN connection: every append NOTIFYs in its transaction, so a commit in any process wakes
 * this store's subscriptions at once. After losing the server it reconnects every second; meanwhile the
 * subscriptions' poll still finds new events, only later.
 */
export class AppendNotifications {
  private client: Client | null = null;
  private started = false;
  private closed = false;
  private retry: NodeJS.Timeout | null = null;

  constructor(
    private readonly config: ClientConfig,
    private readonly wake: () => void,
  ) {}

  /** Connects on first use: a store that never subscribes (the CLI, say) holds no extra connection. */
  start(): void {
    if (this.started || this.closed) return;
    this.started = true;
    void this.connect();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    this.retry = null;
    const client = new Client(this.config);
    client.on('notification', () => this.wake());
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    this.client = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${APPENDED_CHANNEL}`);
      // Anything committed while no one was listening.
      this.wake();
    } catch {
      this.lost(client);
    }
  }

  private lost(client: Client): void {
    if (this.client !== client) return;
    this.client = null;
    client.end().catch(() => undefined);
    if (this.closed) return;
    this.retry = setTimeout(() => void this.connect(), RECONNECT_MS);
    this.retry.unref();
  }
}
