import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { registerBody, siteBody, statusBody } from '../../test/support/trials';

/** One acknowledged command: when its 2xx arrived and the events it stored. */
export interface Acknowledged {
  at: number;
  eventIds: string[];
}

type Step = { path: (nctId: string, siteId: string) => string; body: (nctId: string) => object };

// The six commands of a trial's life, as test/support/trial-workload.ts drives them.
const STEPS: Step[] = [
  { path: () => '/trials', body: (nctId) => registerBody(nctId) },
  { path: (nctId) => `/trials/${nctId}/status`, body: () => statusBody('RECRUITING') },
  { path: (nctId) => `/trials/${nctId}/sites`, body: () => siteBody('Guangzhou') },
  {
    path: (nctId, siteId) => `/trials/${nctId}/sites/${siteId}/status`,
    body: () => ({ status: 'RECRUITING', effectiveDate: '2024-02-10', reason: 'Open' }),
  },
  {
    path: (nctId) => `/trials/${nctId}/enrollment`,
    body: () => ({ count: 12, type: 'ACTUAL', effectiveDate: '2024-06', reason: 'Interim count' }),
  },
  {
    path: (nctId) => `/trials/${nctId}/dates`,
    body: () => ({ startDate: { date: '2024-02-01', type: 'ACTUAL' }, reason: 'Start confirmed' }),
  },
];

/**
 * A steady command load: `clients` operators, each on its own schedule of `perSecond / clients` commands a
 * second (a late command goes at once rather than being skipped), each driving fresh trials through their
 * six-command life. Any refusal stops the run: a lag figure over failed commands would mean nothing.
 */
export class CommandLoad {
  readonly acknowledged: Acknowledged[] = [];
  private nextTrial: number;
  private stopAt = 0;

  constructor(
    private readonly url: string,
    private readonly auth: string,
    firstTrial: number,
  ) {
    this.nextTrial = firstTrial;
  }

  async run(perSecond: number, clients: number, durationMs: number): Promise<void> {
    const started = performance.now();
    this.stopAt = started + durationMs;
    const interval = (1000 * clients) / perSecond;
    await Promise.all(Array.from({ length: clients }, (_, i) => this.client(started + (i * interval) / clients, interval)));
  }

  private async client(firstAt: number, interval: number): Promise<void> {
    let due = firstAt;
    while (due < this.stopAt) {
      const nctId = `NCT07${String(this.nextTrial++).padStart(6, '0')}`;
      let siteId = '';
      for (const step of STEPS) {
        if (due >= this.stopAt) return;
        await sleep(Math.max(0, due - performance.now()));
        const body = await this.post(step.path(nctId, siteId), step.body(nctId));
        siteId = (body.siteId as string | undefined) ?? siteId;
        due += interval;
      }
    }
  }

  private async post(path: string, body: object): Promise<Record<string, unknown>> {
    const res = await fetch(`${this.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: this.auth },
      body: JSON.stringify(body),
    });
    const at = performance.now();
    const answer = (await res.json()) as Record<string, unknown>;
    if (res.status >= 300) throw new Error(`POST ${path} got ${res.status}: ${JSON.stringify(answer)}`);
    this.acknowledged.push({ at, eventIds: answer.eventIds as string[] });
    return answer;
  }
}
