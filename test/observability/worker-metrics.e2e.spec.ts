import request from 'supertest';
import { PostgresEventStore } from '@trial-ledger/event-store';
import { signToken } from '@trial-ledger/platform';
import { ApiProcess, healthOver, healthWhen } from '../support/api-process';
import { PostgresFleet } from '../support/fleet';
import { sharedKafka, uniqueTopic } from '../support/kafka-broker';
import { readWholeLog } from '../support/load/log-audit';
import { TEST_SECRET } from '../support/test-app';
import { registerBody } from '../support/trials';
import { waitFor } from '../support/wait-for';
import { KafkaGate } from './kafka-gate';
import { Scrape } from './prometheus';

jest.setTimeout(180_000);

const auth = `Bearer ${signToken(TEST_SECRET, 'operator-1', 'operator')}`;
const TRIALS = ['NCT06171906', 'NCT06171907', 'NCT06171908'];

/** The port a compiled app says, in its JSON log, that it serves /metrics on. */
const metricsPortOf = (app: ApiProcess): number => {
  const line = app.logLines().find((l) => /Prometheus metrics on port \d+/.test(String(l.msg)));
  if (line === undefined) throw new Error(`The ${app.url} process logged no metrics port:\n${app.output.join('')}`);
  return Number(/port (\d+)/.exec(String(line.msg))?.[1]);
};

const lags = (s: Scrape | null) => ({
  projection: s?.value('trial_ledger_projection_lag_events'),
  relay: s?.value('trial_ledger_relay_lag_events'),
});

/** Scrapes until the lags are `expected`; fails with the last ones seen. */
const lagsBecome = async (port: number, expected: ReturnType<typeof lags>, timeoutMs = 60_000): Promise<void> => {
  let last: ReturnType<typeof lags> | null = null;
  await waitFor(
    async () => {
      last = lags(await Scrape.of(port));
      return last.projection === expected.projection && last.relay === expected.relay;
    },
    `lags ${JSON.stringify(expected)} on port ${port}`,
    { timeoutMs, everyMs: 50 },
  ).catch((error: Error) => {
    throw new Error(`${error.message}; last seen ${JSON.stringify(last)}`);
  });
};

describe("the worker's /metrics: projection and relay lag in events (PostgreSQL + Kafka; needs npm run build)", () => {
  let fleet: PostgresFleet;
  let gate: KafkaGate;
  beforeAll(async () => {
    const [created, kafka] = await Promise.all([PostgresFleet.create(), sharedKafka()]);
    fleet = created;
    gate = await KafkaGate.before(kafka.brokers.split(',')[0]);
  });
  afterAll(async () => {
    await fleet?.dispose();
    await gate?.close();
  });

  it('given commands no worker has handled, then the lags count their events, and each falls to 0 as its work gets done', async () => {
    // The broker is reached through the gate, closed until the end: the relay cannot publish until it opens.
    const env = {
      KAFKA_BROKERS: gate.address,
      KAFKA_TOPIC: uniqueTopic('worker-metrics'),
      KAFKA_RELAY_MAX_BACKOFF_MS: '500',
      METRICS_PORT: '0',
    };
    const api = await fleet.start('api', { ...env, RUN_WORKER: 'false' });
    for (const nctId of TRIALS)
      expect((await request(api.url).post('/trials').set('Authorization', auth).send(registerBody(nctId))).status).toBe(201);
    const store = await PostgresEventStore.open(fleet.db.url);
    const events = (await readWholeLog(store).finally(() => store.close())).length;
    expect(events).toBeGreaterThanOrEqual(TRIALS.length);

    // No worker yet: the API (which runs none of the background work) sees every event behind on both.
    const apiPort = metricsPortOf(api);
    expect(lags(await Scrape.of(apiPort))).toEqual({ projection: events, relay: events });

    const worker = await fleet.start('worker', env);
    const workerPort = metricsPortOf(worker);
    // The worker projects them; its relay keeps failing on the closed gate, so nothing is acknowledged.
    await lagsBecome(workerPort, { projection: 0, relay: events });
    // And once a publish has failed, still all of them: a failing relay is behind, not caught up.
    await healthWhen(healthOver(request(worker.url)), (h) => h.kafkaRelay.consecutiveFailures > 0);
    expect(lags(await Scrape.of(workerPort))).toEqual({ projection: 0, relay: events });

    gate.letThrough();
    await lagsBecome(workerPort, { projection: 0, relay: 0 });
    // Each process counts the shared store for itself: the API's endpoint says the same.
    await lagsBecome(apiPort, { projection: 0, relay: 0 });
    const scrape = await Scrape.of(workerPort);
    expect(scrape?.type('trial_ledger_relay_lag_events')).toBe('GAUGE');
    expect(scrape?.value('process_resident_memory_bytes')).toBeGreaterThan(0);
  });
});
