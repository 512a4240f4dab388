import { Logger } from '@nestjs/common';
import { EventStore, SqliteEventStore } from '@trial-ledger/event-store';
import { InProcessProjectionRunner, TrialReadModel } from '@trial-ledger/read-models';
import { DisabledRelayStatus } from '@trial-ledger/relay';
import { BackgroundWork } from '../background-work';
import { DependencyOutageLog, causeOf } from './dependency-failure';
import { HealthHttpController } from './health.http.controller';
import { ProbesHttpController } from './probes.http.controller';
import { ProgressWatch } from './progress-watch';

/** What the pg client rejects with when nothing listens: one error per address tried, and no message of its own. */
const refused = (): AggregateError =>
  Object.assign(new AggregateError([Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })], ''), {
    code: 'ECONNREFUSED',
  });

const reply = () => ({
  code: 200,
  contentType: 'application/json',
  headers: {} as Record<string, string>,
  status(code: number) {
    this.code = code;
    return this;
  },
  type(contentType: string) {
    this.contentType = contentType;
    return this;
  },
  header(name: string, value: string) {
    this.headers[name] = value;
    return this;
  },
});

const work = Object.assign(Object.create(BackgroundWork.prototype) as BackgroundWork, { isLeader: () => true });

describe('the health probes while the database is away', () => {
  let store: SqliteEventStore;
  let down: boolean;
  let warnings: string[];
  let logs: string[];
  let health: HealthHttpController;
  let probes: ProbesHttpController;

  beforeEach(() => {
    store = SqliteEventStore.open(':memory:');
    down = true;
    const readModel = Object.assign(Object.create(TrialReadModel.prototype) as TrialReadModel, {
      position: async () => {
        if (down) throw refused();
        return 0;
      },
    });
    const flaky = Object.assign(Object.create(store) as EventStore, {
      headPosition: async () => {
        if (down) throw refused();
        return store.headPosition();
      },
    });
    warnings = [];
    logs = [];
    jest.spyOn(Logger.prototype, 'warn').mockImplementation((m: unknown) => void warnings.push(String(m)));
    jest.spyOn(Logger.prototype, 'log').mockImplementation((m: unknown) => void logs.push(String(m)));
    jest.spyOn(Logger.prototype, 'error').mockImplementation((m: unknown) => {
      throw new Error(`logged an error: ${String(m)}`);
    });
    const outages = new DependencyOutageLog();
    const relay = new DisabledRelayStatus();
    health = new HealthHttpController(flaky, readModel, relay, work, outages);
    const limits = { maxReadModelLag: 10, maxRelayLag: 10, stallSeconds: 30 };
    const idle = new InProcessProjectionRunner(flaky, []);
    probes = new ProbesHttpController(flaky, readModel, relay, work, limits, new ProgressWatch(30_000, () => 0), outages, idle, null);
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await store.close();
  });

  it('names the cause of a refused connection, which carries no message of its own', () => {
    expect(causeOf(refused())).toBe('connect ECONNREFUSED 127.0.0.1:5432');
    expect(causeOf(Object.assign(new Error(''), { code: '57P01' }))).toBe('57P01');
  });

  it('GET /health answers 503 problem+json naming the dependency and the cause, then 200 once it is back', async () => {
    const res = reply();
    expect(await health.health(res as never)).toMatchObject({
      status: 503,
      type: expect.stringMatching(/\/unavailable$/),
      dependency: 'the read models',
      cause: 'connect ECONNREFUSED 127.0.0.1:5432',
      detail: 'the read models unavailable: connect ECONNREFUSED 127.0.0.1:5432',
    });
    expect(res).toMatchObject({ code: 503, contentType: 'application/problem+json', headers: { 'Retry-After': '1' } });

    down = false;
    const back = reply();
    expect(await health.health(back as never)).toMatchObject({ status: 'ok', readModels: { position: 0, lag: 0 } });
    expect(back.code).toBe(200);
  });

  it('GET /health/ready gives the cause the dependency gave, not a timeout', async () => {
    const res = reply();
    const answer = await probes.ready(res as never);
    expect(res).toMatchObject({ code: 503, contentType: 'application/problem+json' });
    expect(answer).toMatchObject({
      failed: ['eventStore', 'readModels'],
      checks: {
        eventStore: { ok: false, detail: 'unavailable: connect ECONNREFUSED 127.0.0.1:5432' },
        readModels: { ok: false, detail: 'unavailable: connect ECONNREFUSED 127.0.0.1:5432' },
      },
    });
  });

  it('logs one WARN when the outage begins and one line when it ends, however often both probes ask', async () => {
    for (let i = 0; i < 5; i++) {
      await health.health(reply() as never);
      await probes.ready(reply() as never);
    }
    expect(warnings).toEqual([
      'the read models unavailable: connect ECONNREFUSED 127.0.0.1:5432; the health probes answer 503 until it is back',
    ]);
    down = false;
    for (let i = 0; i < 3; i++) {
      await health.health(reply() as never);
      await probes.ready(reply() as never);
    }
    expect(logs).toEqual(['the read models available again; the health probes answer 200']);
    expect(warnings).toHaveLength(1);
  });
});
