import request from 'supertest';
import { EventStore } from '@trial-ledger/event-store';
import { registerBody, statusBody } from './trials';

type Http = ReturnType<typeof request>;

export interface Acked {
  nctId: string;
  revision: number;
  position: number;
}

/** Who failed, with what: a read that was refused, errored, or showed fewer trials than an earlier read. */
export interface TrafficReport {
  acknowledged: Acked[];
  reads: number;
  failures: string[];
}

/**
 * An API kept busy while its read models are rebuilt: one client registers trials and moves each to RECRUITING,
 * keeping what was acknowledged; two read. One reader lists the trials and checks that the total never falls below
 * one it saw before (a half-built model would show fewer); the other reads the last acknowledged trial at its
 * acknowledged revision (`minRevision`: the read waits until the live models show it, and fails if they never do).
 */
export class TrafficDuringRebuild {
  private readonly report: TrafficReport = { acknowledged: [], reads: 0, failures: [] };
  private stopped = false;
  private readonly loops: Promise<void>[];

  constructor(
    private readonly http: Http,
    private readonly operator: string,
    private readonly reader: string,
    firstTrial: number,
  ) {
    this.loops = [this.commands(firstTrial), this.lists(), this.trialReads()];
  }

  /** Commands acknowledged so far. */
  get acknowledged(): number {
    return this.report.acknowledged.length;
  }

  async stop(): Promise<TrafficReport> {
    this.stopped = true;
    await Promise.all(this.loops);
    return this.report;
  }

  private async commands(first: number): Promise<void> {
    for (let n = first; !this.stopped; n++) {
      const nctId = `NCT08${String(n).padStart(6, '0')}`;
      if (!(await this.command(nctId, '/trials', registerBody(nctId)))) return;
      if (!(await this.command(nctId, `/trials/${nctId}/status`, statusBody('RECRUITING')))) return;
    }
  }

  private async command(nctId: string, path: string, body: object): Promise<boolean> {
    const res = await this.http.post(path).set('Authorization', this.operator).send(body);
    if (res.status >= 300) return this.fail(`POST ${path} -> ${res.status} ${JSON.stringify(res.body)}`);
    this.report.acknowledged.push({ nctId, revision: res.body.revision, position: res.body.position });
    return true;
  }

  private async lists(): Promise<void> {
    let seen = 0;
    while (!this.stopped) {
      const res = await this.http.get('/trials?limit=1').set('Authorization', this.reader);
      this.report.reads += 1;
      if (res.status !== 200) return void this.fail(`GET /trials -> ${res.status} ${JSON.stringify(res.body)}`);
      if (res.body.total < seen) return void this.fail(`GET /trials showed ${res.body.total} trials after ${seen}`);
      seen = res.body.total;
    }
  }

  private async trialReads(): Promise<void> {
    while (!this.stopped) {
      const last = this.report.acknowledged[this.report.acknowledged.length - 1];
      if (last === undefined) {
        await new Promise((r) => setImmediate(r));
        continue;
      }
      const res = await this.http.get(`/trials/${last.nctId}?minRevision=${last.revision}`).set('Authorization', this.reader);
      this.report.reads += 1;
      if (res.status !== 200)
        return void this.fail(`GET /trials/${last.nctId}?minRevision=${last.revision} -> ${res.status} ${JSON.stringify(res.body)}`);
    }
  }

  private fail(what: string): false {
    this.report.failures.push(what);
    return false;
  }
}

/**
 * The store as the rebuild sees it, giving the event loop a turn before each read as a store over a network does:
 * in one process with the API, an embedded store's reads would otherwise never let a request in during a build.
 */
export const yieldingReads = <S extends { readAll(...args: never[]): Promise<unknown> }>(store: S): S =>
  new Proxy(store, {
    get(target, property) {
      const value = Reflect.get(target, property, target) as unknown;
      if (typeof value !== 'function') return value;
      if (property !== 'readAll') return value.bind(target);
      return async (...args: unknown[]) => {
        await new Promise((r) => setImmediate(r));
        return value.apply(target, args);
      };
    },
  });

/** Resolves once `count` commands were acknowledged in all; fails after 10 s. */
export const waitForAcks = async (traffic: TrafficDuringRebuild, count: number): Promise<void> => {
  const deadline = Date.now() + 10_000;
  while (traffic.acknowledged < count) {
    if (Date.now() > deadline) throw new Error(`Only ${traffic.acknowledged} of ${count} commands acknowledged`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

/** Each trial at its last acknowledged revision at least, with a history entry per revision. */
export const expectEveryAcknowledgedCommandShown = async (
  t: { http: Http; store: EventStore },
  acknowledged: { nctId: string; revision: number }[],
  reader: string,
  before: number,
): Promise<void> => {
  const last = new Map(acknowledged.map((a) => [a.nctId, a.revision]));
  const head = await t.store.headPosition();
  const list = await t.http.get(`/trials?minPosition=${head}&limit=1`).set('Authorization', reader);
  expect(list.status).toBe(200);
  expect(list.body.total).toBe(before + last.size);
  for (const [nctId, revision] of last) {
    const trial = await t.http.get(`/trials/${nctId}`).set('Authorization', reader);
    expect({ nctId, revision: trial.body.revision }).toEqual({ nctId, revision });
  }
};
