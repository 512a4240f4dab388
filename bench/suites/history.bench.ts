import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { RecordedEvent } from '@trial-ledger/event-store';
import { BenchApi, expectOk } from '../support/bench-api';
import { BenchContext, BenchSuite, Figure } from '../support/figures';
import { LatencySamples, latencyFigures, msOf, sampleAlternating } from '../support/latency';
import { RawReads } from '../support/raw-reads';
import { copyOfTrialLog, longTrialNumber } from '../support/trial-log';
import { nctIdOf } from '../support/trial-plans';
import { percentile } from '../support/timing';

const LONG_TRIAL_EVENTS = 10_000;

interface Route {
  name: string;
  path: string;
  baselineLabel: string;
  baseline: () => string;
}

/** The audit routes on the long trial, each beside the raw read plus the pure computation it needs. */
const routes = (nctId: string, raw: RawReads, revision: number, asOf: string): Route[] => {
  const upToRevision = (e: RecordedEvent) => e.revision <= revision;
  const upToInstant = (e: RecordedEvent) => Date.parse(e.metadata.recordedAt) <= Date.parse(asOf);
  return [
    {
      name: 'GET /history (whole trail)',
      path: `/trials/${nctId}/history`,
      baselineLabel: 'SQL read of rows and stream + JSON.parse + join + stringify',
      baseline: () => raw.history(nctId),
    },
    {
      name: `GET /state?revision=${revision}`,
      path: `/trials/${nctId}/state?revision=${revision}`,
      baselineLabel: 'SQL read of the stream + evolve fold',
      baseline: () => raw.stateAt(nctId, upToRevision),
    },
    {
      name: 'GET /state?asOf (near the end)',
      path: `/trials/${nctId}/state?asOf=${encodeURIComponent(asOf)}`,
      baselineLabel: 'SQL read of the stream + evolve fold',
      baseline: () => raw.stateAt(nctId, upToInstant),
    },
    {
      name: 'GET /verify',
      path: `/trials/${nctId}/verify`,
      baselineLabel: 'SQL read of the stream + verifyChain',
      baseline: () => raw.verify(nctId),
    },
  ];
};

const measure = async (api: BenchApi, route: Route, samples: number): Promise<LatencySamples> =>
  sampleAlternating(
    samples,
    2,
    async () => expectOk(await api.get(route.path), route.path).ms,
    () => msOf(route.baseline),
  );

const prepare = async (ctx: BenchContext): Promise<{ dataDir: string; trials: number }> => {
  const trials = ctx.quick ? 2_000 : 10_000;
  const dataDir = join(ctx.workDir, 'data');
  mkdirSync(dataDir, { recursive: true });
  await copyOfTrialLog(join(dataDir, 'events.sqlite'), { trials, longTrialEvents: LONG_TRIAL_EVENTS }, ctx.log);
  return { dataDir, trials };
};

const suite: BenchSuite = {
  name: 'history',
  order: 60,
  async run(ctx) {
    const { dataDir, trials } = await prepare(ctx);
    const nctId = nctIdOf(longTrialNumber({ trials }));
    const api = await BenchApi.start(dataDir);
    const raw = new RawReads(join(dataDir, 'events.sqlite'), join(dataDir, 'read-models.sqlite'));
    try {
      ctx.log(`catching up on ${trials * 10 + LONG_TRIAL_EVENTS} events`);
      await api.caughtUp(600_000);
      const stream = raw.stream(nctId);
      const asOf = stream[stream.length - 20].metadata.recordedAt;
      const samples = ctx.quick ? 10 : 30;
      const figures: Figure[] = [];
      const live = await sampleAlternating(
        samples,
        2,
        async () => (await api.get('/health/live')).ms,
        async () => 0,
      );
      for (const route of routes(nctId, raw, LONG_TRIAL_EVENTS - 10, asOf)) {
        ctx.log(route.name);
        const size = expectOk(await api.get(route.path), route.path).bytes;
        const notes = `one trial of ${LONG_TRIAL_EVENTS.toLocaleString('en-US')} events among ${trials.toLocaleString('en-US')} others; answer ${size.toLocaleString('en-US')} bytes; /health/live p50 ${percentile(live.ours, 50).toFixed(1)} ms`;
        figures.push(
          ...latencyFigures(
            { suite: 'history', name: route.name, baselineLabel: route.baselineLabel, notes },
            await measure(api, route, samples),
          ),
        );
      }
      return figures;
    } finally {
      raw.close();
      await api.stop();
    }
  },
};

export default suite;
