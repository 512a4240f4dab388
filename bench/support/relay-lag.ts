import { join } from 'node:path';
import { signToken } from '@trial-ledger/platform';
import { ApiProcess, HealthBody } from '../../test/support/api-process';
import { TEST_SECRET } from '../../test/support/test-app';
import { CommandLoad } from './command-load';
import { ArrivalLog, ProbeProducer } from './lag-probe';
import { createTopic } from './relay-throughput';
import { percentile } from './timing';

export interface LagPlan {
  perSecond: number;
  clients: number;
  warmupMs: number;
  durationMs: number;
}

export interface LagStats {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

export interface LagResult {
  relay: LagStats;
  probe: LagStats;
  /** Events the consumer had before the HTTP answer reached the client (counted as 0 ms). */
  beforeAck: number;
}

const statsOf = (lags: number[]): LagStats => ({
  count: lags.length,
  p50: percentile(lags, 50),
  p99: percentile(lags, 99),
  max: Math.max(...lags),
});

const health = async (url: string): Promise<HealthBody> => (await (await fetch(`${url}/health`)).json()) as HealthBody;

/** Waits until the API's relay runs and has published whatever the API seeded on start. */
const relayIdle = async (url: string): Promise<void> => {
  const deadline = Date.now() + 60_000;
  for (let h = await health(url); h.kafkaRelay.state !== 'running' || h.kafkaRelay.lag > 0; h = await health(url)) {
    if (Date.now() > deadline) throw new Error(`The API's relay never caught up: ${JSON.stringify(h.kafkaRelay)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

const apiEnv = (brokers: string, topic: string, dir: string): Record<string, string> => ({
  DATA_DIR: join(dir, 'lag-api'),
  JWT_SECRET: TEST_SECRET,
  KAFKA_BROKERS: brokers,
  KAFKA_TOPIC: topic,
  KAFKA_TOPIC_PARTITIONS: '6',
});

/**
 * The compiled API under a steady command load, a consumer on its topic, and a probe producer beside it.
 * Every acknowledged event must reach the consumer, or the run is invalid and this throws.
 */
export const measureLag = async (brokers: string, dir: string, plan: LagPlan): Promise<LagResult> => {
  const topic = `bench.lag.${Date.now()}`;
  const probeTopic = `${topic}.probe`;
  await Promise.all([createTopic(brokers, topic), createTopic(brokers, probeTopic)]);
  const api = await ApiProcess.start(apiEnv(brokers, topic, dir));
  const auth = `Bearer ${signToken(TEST_SECRET, 'operator-1', 'operator')}`;
  try {
    await relayIdle(api.url);
    const arrivals = await ArrivalLog.start(brokers, [topic, probeTopic]);
    const probe = await ProbeProducer.start(brokers, probeTopic, 100);
    try {
      await new CommandLoad(api.url, auth, 1).run(plan.perSecond, plan.clients, plan.warmupMs);
      const load = new CommandLoad(api.url, auth, 500_000);
      await load.run(plan.perSecond, plan.clients, plan.durationMs);
      await probe.stop();
      return await lagsOf(arrivals, load, probe);
    } finally {
      await arrivals.stop();
    }
  } finally {
    await api.terminate('SIGTERM');
  }
};

const lagsOf = async (arrivals: ArrivalLog, load: CommandLoad, probe: ProbeProducer): Promise<LagResult> => {
  const expected = load.acknowledged.flatMap((a) => a.eventIds.map((id) => ({ id, at: a.at })));
  const missing = await arrivals.waitFor([...expected.map((e) => e.id), ...probe.sent.keys()], 30_000);
  if (missing.length > 0) throw new Error(`Invalid run: ${missing.length} acknowledged events never reached the consumer`);
  const raw = expected.map((e) => arrivals.arrivals.get(e.id)! - e.at);
  const probeLags = [...probe.sent].map(([id, at]) => arrivals.arrivals.get(id)! - at);
  return { relay: statsOf(raw.map((l) => Math.max(0, l))), probe: statsOf(probeLags), beforeAck: raw.filter((l) => l < 0).length };
};
