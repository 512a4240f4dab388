import { signToken } from '@trial-ledger/platform';
import { TEST_SECRET } from '../test-app';

export interface CommandBody {
  nctId: string;
  revision: number;
  position: number;
  eventIds: string[];
  replayed: boolean;
  siteId?: string;
  type?: string;
}

export interface Answer<B = unknown> {
  status: number;
  body: B;
  etag: string | null;
  ms: number;
}

export const operatorToken = (sub = 'operator-1'): string => `Bearer ${signToken(TEST_SECRET, sub, 'operator')}`;

/**
 * A load client over Node's fetch: its keep-alive connection pool is what a real client fleet looks like,
 * where supertest would open a connection per request and measure the handshakes instead of the service.
 * A network error is thrown, never turned into a status: the specs fail on it.
 */
export class LoadClient {
  constructor(
    readonly baseUrl: string,
    private readonly auth: string = operatorToken(),
  ) {}

  async post(path: string, body: object, headers: Record<string, string> = {}): Promise<Answer<CommandBody>> {
    return this.send('POST', path, { 'Content-Type': 'application/json', ...headers }, JSON.stringify(body));
  }

  async get<B = unknown>(path: string): Promise<Answer<B>> {
    return this.send('GET', path, {});
  }

  private async send<B>(method: string, path: string, headers: Record<string, string>, body?: string): Promise<Answer<B>> {
    const started = performance.now();
    const res = await fetch(`${this.baseUrl}${path}`, { method, headers: { Authorization: this.auth, ...headers }, body });
    const text = await res.text();
    const ms = performance.now() - started;
    return { status: res.status, body: (text ? JSON.parse(text) : null) as B, etag: res.headers.get('etag'), ms };
  }
}

/** The revision an ETag names (`"7"` → 7). */
export const revisionOf = (etag: string | null): number => {
  const match = /^"(\d+)"$/.exec(etag ?? '');
  if (!match) throw new Error(`Not a revision ETag: ${etag}`);
  return Number(match[1]);
};
