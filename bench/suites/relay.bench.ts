import { Logger } from '@nestjs/common';
import { join } from 'node:path';
import { EventStore, SqliteEventStore } from '@trial-ledger/event-store';
import { kafkaForTests } from '../../test/support/kafka-broker';
import { BenchContext, BenchSuite, Figure } from '../support/figures';
import { writeTrialLog } from '../support/relay-log';
import { LagPlan, measureLag } from '../support/relay-lag';
import { createTopic, recordBatches, timeRawProducer, timeRelay } from '../support/relay-throughput';
import { bestOfAlternating, perSecond, timed } from '../support/timing';

const SUITE = 'relay';
const BATCH = 500;
const WARMUP_EVENTS = 10_000;

interface Plan {
  events: number;
  rounds: number;
  lag: LagPlan;
}

const planFor = (quick: boolean): Plan =>
  quick
    ? { events: 20_000, rounds: 2, lag: { perSecond: 200, clients: 4, warmupMs: 2_000, durationMs: 8_000 } }
    : { events: 200_000, rounds: 3, lag: { perSecond: 200, clients: 4, warmupMs: 3_000, durationMs: 20_000 } };

let topics = 0;
const freshTopic = async (brokers: string, side: string): Promise<string> => {
  const topic = `bench.relay.${side}.${Date.now()}.${(topics += 1)}`;
  await createTopic(brokers, topic);
  return topic;
};

/** Relay vs a raw producer on the same records: a warm-up over the log's tail, then alternating full rounds. */
const throughput = async (store: EventStore, brokers: string, ctx: BenchContext, plan: Plan): Promise<Figure> => {
  const batches = await recordBatches(store, BATCH);
  const head = await store.headPosition();
  const warmupBatches = Math.ceil(WARMUP_EVENTS / BATCH);
  await timeRelay(store, brokers, await freshTopic(brokers, 'warmup-ours'), ctx.workDir, Math.max(0, head - WARMUP_EVENTS), BATCH);
  await timeRawProducer(batches.slice(-warmupBatches), brokers, await freshTopic(brokers, 'warmup-raw'));
  const best = await bestOfAlternating(
    plan.rounds,
    async () => timeRelay(store, brokers, await freshTopic(brokers, 'ours'), ctx.workDir, 0, BATCH),
    async () => timeRawProducer(batches, brokers, await freshTopic(brokers, 'raw')),
  );
  ctx.log(`relay ${best.ours.toFixed(0)} ms, raw producer ${best.baseline.toFixed(0)} ms for ${head} events`);
  return {
    suite: SUITE,
    name: `relay log → Kafka, ${head.toLocaleString('en-US')} events, batches of ${BATCH}`,
    unit: 'events/s',
    higherIsBetter: true,
    ours: perSecond(head, best.ours),
    baseline: { label: 'raw kafkajs producer, same records & settings', value: perSecond(head, best.baseline) },
    target: { minRatio: 0.7 },
    notes:
      `best of ${plan.rounds} alternating rounds each after a ${WARMUP_EVENTS.toLocaleString('en-US')}-event warm-up; ` +
      'ours reads the SQLite store, maps each event and saves its checkpoint after every ack; the baseline sends pre-built records',
  };
};

/**
 * The probe is the ratio's baseline: what a bare producer's record takes to reach the same consumer at the
 * same moment, so the ratio isolates what the relay adds (its wake-up, read, batching behind a send in flight).
 */
const lag = async (brokers: string, ctx: BenchContext, plan: Plan): Promise<Figure> => {
  const result = await measureLag(brokers, ctx.workDir, plan.lag);
  const { relay, probe } = result;
  ctx.log(`lag p50 ${relay.p50.toFixed(1)} ms p99 ${relay.p99.toFixed(1)} ms max ${relay.max.toFixed(1)} ms over ${relay.count}`);
  return {
    suite: SUITE,
    name: `end-to-end lag p99, command 2xx → consumer, ${plan.lag.perSecond} commands/s`,
    unit: 'ms',
    higherIsBetter: false,
    ours: relay.p99,
    baseline: { label: 'raw producer → consumer, 1 record / 100 ms, same consumer', value: probe.p99 },
    notes:
      `${relay.count} events from ${plan.lag.clients} clients over ${plan.lag.durationMs / 1000} s after a ` +
      `${plan.lag.warmupMs / 1000} s warm-up, all delivered; p50 ${relay.p50.toFixed(1)} ms, max ${relay.max.toFixed(1)} ms` +
      `${result.beforeAck > 0 ? `, ${result.beforeAck} arrived before the 2xx (0 ms)` : ''}; ` +
      `probe p50 ${probe.p50.toFixed(1)} ms over ${probe.count} records`,
  };
};

const run = async (ctx: BenchContext): Promise<Figure[]> => {
  const plan = planFor(ctx.quick);
  // kafkajs's chatter goes to Nest's debug level through the relay's log creator; the relay's own warnings stay.
  Logger.overrideLogger(['error', 'warn']);
  const kafka = await kafkaForTests();
  const store = SqliteEventStore.open(join(ctx.workDir, 'events.sqlite'));
  try {
    const writing = await timed(() => writeTrialLog(store, plan.events));
    ctx.log(`wrote ${plan.events} events in ${(writing / 1000).toFixed(1)} s; broker ${kafka.brokers}`);
    const figures = [await throughput(store, kafka.brokers, ctx, plan)];
    figures.push(await lag(kafka.brokers, ctx, plan));
    return figures;
  } finally {
    await store.close();
    await kafka.dispose();
    Logger.overrideLogger(['log', 'error', 'warn', 'debug', 'verbose', 'fatal']);
  }
};

const suite: BenchSuite = { name: SUITE, order: 50, run };
export default suite;
