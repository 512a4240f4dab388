import request from 'supertest';
import { nctIdFor } from '../../support/trial-workload';
import { registerBody, siteBody, statusBody } from '../../support/trials';

/** What a 2xx told the client: the events it reports are the ones the log must hold after any crash. */
export interface Acknowledged {
  nctId: string;
  revision: number;
  position: number;
  eventIds: string[];
  etag: string;
}

export interface Outcome {
  status?: number;
  error?: string;
  body?: unknown;
  contentType?: string;
}

type Step = (nctId: string) => { path: string; body: object };

let enrollment = 0;

/** A new trial's life, every command type, the way an operator drives it. */
const LIFE: Step[] = [
  (id) => ({ path: '/trials', body: registerBody(id) }),
  (id) => ({ path: `/trials/${id}/status`, body: statusBody('RECRUITING') }),
  (id) => ({ path: `/trials/${id}/sites`, body: siteBody('Guangzhou') }),
  (id) => ({ path: `/trials/${id}/enrollment`, body: enrollmentBody() }),
  (id) => ({ path: `/trials/${id}/dates`, body: { startDate: { date: '2024-02-01', type: 'ACTUAL' }, reason: 'Start confirmed' } }),
];

// A count no earlier command used, so an update to an older trial is never refused as "no change".
const enrollmentBody = () => ({ count: 10 + (enrollment += 1), type: 'ACTUAL', effectiveDate: '2024-06', reason: 'Interim count' });

/**
 * Several clients sending commands without pause: each registers fresh trials and drives them, and now and
 * then updates a trial registered earlier (possibly before a crash), so streams grow across restarts. A
 * client stops at the first request that gets no answer (the server went away) and keeps every other outcome.
 */
export class MixedCommands {
  readonly acknowledged: Acknowledged[] = [];
  readonly refused: { path: string; outcome: Outcome }[] = [];
  private stopped = false;
  private readonly clients: Promise<void>[];

  constructor(
    private readonly url: string,
    private readonly auth: string,
    private readonly trials: { next: number; known: string[] },
    concurrency = 4,
  ) {
    this.clients = Array.from({ length: concurrency }, () => this.client());
  }

  /** Resolves once `count` commands were acknowledged, or rejects when every client stopped before that. */
  async waitFor(count: number, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let ended = false;
    void Promise.all(this.clients).then(() => {
      ended = true;
    });
    while (this.acknowledged.length < count) {
      if (ended || Date.now() > deadline) {
        throw new Error(
          `${this.acknowledged.length} of ${count} commands acknowledged; refused: ${JSON.stringify(this.refused.slice(0, 3))}`,
        );
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** Waits for every client to end (they end on their own once the server is gone). */
  async ended(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.clients);
  }

  private async client(): Promise<void> {
    while (!this.stopped) {
      const older = this.trials.known[Math.floor(Math.random() * this.trials.known.length)];
      const answered =
        older && Math.random() < 0.3
          ? (await this.send({ path: `/trials/${older}/enrollment`, body: enrollmentBody() }, older)) !== 'gone'
          : await this.drive(nctIdFor(this.trials.next++));
      if (!answered) return;
    }
  }

  /** A refused step abandons the trial (its later steps would be refused for its state); false when the server is gone. */
  private async drive(nctId: string): Promise<boolean> {
    for (const step of LIFE) {
      const sent = await this.send(step(nctId), nctId);
      if (sent !== 'acknowledged') return sent === 'refused';
    }
    this.trials.known.push(nctId);
    return true;
  }

  private async send(command: { path: string; body: object }, nctId: string): Promise<'acknowledged' | 'refused' | 'gone'> {
    const outcome = await sendCommand(this.url, this.auth, command.path, command.body);
    if (outcome.status === undefined) return 'gone';
    if (outcome.status >= 300) {
      this.refused.push({ path: command.path, outcome });
      return 'refused';
    }
    const body = outcome.body as Acknowledged;
    this.acknowledged.push({ nctId, revision: body.revision, position: body.position, eventIds: body.eventIds, etag: outcome.etag ?? '' });
    return 'acknowledged';
  }
}

/** One command; a request that got no response (refused, reset, timed out) has `error` and no status. */
export const sendCommand = async (
  url: string,
  auth: string,
  path: string,
  body: object,
  timeoutMs = 30_000,
): Promise<Outcome & { etag?: string }> => {
  try {
    const res = await request(url).post(path).set('Authorization', auth).timeout(timeoutMs).send(body);
    return { status: res.status, body: res.body, contentType: res.headers['content-type'], etag: res.headers.etag };
  } catch (error) {
    return { error: String(error) };
  }
};
