import request from 'supertest';
import { registerBody, siteBody, statusBody } from './trials';

type Http = ReturnType<typeof request>;

export const nctIdFor = (n: number): string => `NCT09${String(n).padStart(6, '0')}`;

const expectAccepted = (res: request.Response, what: string): request.Response => {
  if (res.status >= 300) throw new Error(`${what} got ${res.status}: ${JSON.stringify(res.body)}`);
  return res;
};

/** One trial's life as an operator drives it: six commands, six events, every event type. */
export const driveTrial = async (http: Http, auth: string, nctId: string): Promise<number> => {
  const post = async (path: string, body: object, what: string) =>
    expectAccepted(await http.post(path).set('Authorization', auth).send(body), `${what} ${nctId}`);
  await post('/trials', registerBody(nctId), 'register');
  await post(`/trials/${nctId}/status`, statusBody('RECRUITING'), 'status');
  const site = await post(`/trials/${nctId}/sites`, siteBody('Guangzhou'), 'add site');
  await post(
    `/trials/${nctId}/sites/${site.body.siteId}/status`,
    { status: 'RECRUITING', effectiveDate: '2024-02-10', reason: 'Open' },
    'site status',
  );
  await post(`/trials/${nctId}/enrollment`, { count: 12, type: 'ACTUAL', effectiveDate: '2024-06', reason: 'Interim count' }, 'enrollment');
  await post(`/trials/${nctId}/dates`, { startDate: { date: '2024-02-01', type: 'ACTUAL' }, reason: 'Start confirmed' }, 'dates');
  return 6;
};

/**
 * Commands flowing without pause from several clients until stopped: each client drives fresh trials.
 * Every command must be accepted; a refusal or an error is kept for the test to report.
 */
export class CommandStream {
  acknowledged = 0;
  readonly failures: string[] = [];
  private stopped = false;
  private next: number;
  private readonly clients: Promise<void>[];

  constructor(
    private readonly http: Http,
    private readonly auth: string,
    firstTrial: number,
    concurrency = 4,
  ) {
    this.next = firstTrial;
    this.clients = Array.from({ length: concurrency }, () => this.client());
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.clients);
  }

  /** Resolves once at least `count` more commands were acknowledged. */
  async waitFor(count: number, timeoutMs = 60_000): Promise<void> {
    const target = this.acknowledged + count;
    const deadline = Date.now() + timeoutMs;
    while (this.acknowledged < target) {
      if (this.failures.length > 0) throw new Error(`Commands failed: ${this.failures.join('; ')}`);
      if (Date.now() > deadline) throw new Error(`Only ${this.acknowledged} of ${target} commands acknowledged in ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  private async client(): Promise<void> {
    while (!this.stopped) {
      const nctId = nctIdFor(this.next++);
      try {
        this.acknowledged += await driveTrial(this.http, this.auth, nctId);
      } catch (error) {
        this.failures.push(error instanceof Error ? error.message : String(error));
        return;
      }
    }
  }
}
