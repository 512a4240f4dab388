import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { BenchApi, expectOk } from '../support/bench-api';
import { BenchContext, BenchSuite, Figure } from '../support/figures';
import { latencyFigures, msOf, sampleAlternating } from '../support/latency';
import { RawReads } from '../support/raw-reads';
import { perSecond, percentile } from '../support/timing';
import { copyOfTrialLog } from '../support/trial-log';
import { CONDITIONS } from '../support/trial-plans';

interface ListQuery {
  name: string;
  query: string;
  /** The equivalent SQL filter over the read model (the one the SQLite adapter shipped with). */
  where: string;
  params: string[];
  offset: number;
}

const LIMIT = 20;

const queries = (trials: number): ListQuery[] => [
  { name: 'status=RECRUITING (broad)', query: 'status=RECRUITING', where: 'WHERE status = ?', params: ['RECRUITING'], offset: 0 },
  { name: 'status=SUSPENDED (narrow)', query: 'status=SUSPENDED', where: 'WHERE status = ?', params: ['SUSPENDED'], offset: 0 },
  {
    name: 'condition=<one condition>',
    query: `condition=${encodeURIComponent(CONDITIONS[123])}`,
    where: 'WHERE instr(conditions_key, ?) > 0',
    params: [CONDITIONS[123].toLowerCase()],
    offset: 0,
  },
  {
    name: 'condition=cancer (broad substring)',
    query: 'condition=cancer',
    where: 'WHERE instr(conditions_key, ?) > 0',
    params: ['cancer'],
    offset: 0,
  },
  { name: 'country=France', query: 'country=France', where: 'WHERE instr(countries_key, ?) > 0', params: ['\nfrance\n'], offset: 0 },
  {
    name: 'status=RECRUITING&country=Japan',
    query: 'status=RECRUITING&country=Japan',
    where: 'WHERE status = ? AND instr(countries_key, ?) > 0',
    params: ['RECRUITING', '\njapan\n'],
    offset: 0,
  },
  {
    name: `no filter, offset ${Math.floor(trials * 0.9).toLocaleString('en-US')}`,
    query: '',
    where: '',
    params: [],
    offset: Math.floor(trials * 0.9),
  },
  {
    name: 'status=RECRUITING, offset deep',
    query: 'status=RECRUITING',
    where: 'WHERE status = ?',
    params: ['RECRUITING'],
    offset: Math.floor(trials * 0.2),
  },
];

const memoryFigure = (name: string, ours: number, empty: number, notes: string): Figure => ({
  suite: 'scale',
  name,
  unit: 'MiB',
  higherIsBetter: false,
  ours,
  baseline: { label: 'the same API on an empty store', value: empty },
  notes,
});

type Settled = Awaited<ReturnType<BenchApi['settledMemory']>>;

const settledNotes = (m: Settled, empty: Settled): string =>
  `after a forced full GC; anonymous ${m.anonMiB.toFixed(0)} MiB (empty store ${empty.anonMiB.toFixed(0)}), file-backed ` +
  `${m.fileMiB.toFixed(0)} (${empty.fileMiB.toFixed(0)}), V8 heap in use ${m.heapUsedMiB.toFixed(0)} (${empty.heapUsedMiB.toFixed(0)})`;

/** RSS of the API right after it starts on an empty data directory: the process's own floor. */
const emptyStoreRss = async (ctx: BenchContext): Promise<{ rss: number; settled: Settled }> => {
  const dataDir = join(ctx.workDir, 'empty');
  mkdirSync(dataDir, { recursive: true });
  const api = await BenchApi.start(dataDir);
  try {
    await api.caughtUp(60_000);
    for (let i = 0; i < 20; i += 1) await api.get('/trials?limit=20');
    const rss = api.memory().rssMiB;
    return { rss, settled: await api.settledMemory() };
  } finally {
    await api.stop();
  }
};

const listFigures = async (api: BenchApi, raw: RawReads, trials: number, samples: number): Promise<Figure[]> => {
  const figures: Figure[] = [];
  // The HTTP floor of the same server, for reading the gap between a route and its bare SQL.
  const live = await sampleAlternating(
    samples,
    3,
    async () => (await api.get('/health/live')).ms,
    async () => 0,
  );
  const floor = `limit ${LIMIT}; /health/live p50 ${percentile(live.ours, 50).toFixed(1)} ms`;
  for (const q of queries(trials)) {
    const path = `/trials?${q.query}${q.query ? '&' : ''}limit=${LIMIT}&offset=${q.offset}`;
    const s = await sampleAlternating(
      samples,
      3,
      async () => expectOk(await api.get(path), path).ms,
      () => msOf(() => raw.listTrials(q.where, q.params, LIMIT, q.offset)),
    );
    figures.push(
      ...latencyFigures(
        { suite: 'scale', name: `GET /trials ${q.name}`, baselineLabel: 'the same SQL via better-sqlite3 + JSON', notes: floor },
        s,
      ),
    );
  }
  return figures;
};

const suite: BenchSuite = {
  name: 'scale',
  order: 70,
  async run(ctx) {
    const trials = ctx.quick ? 10_000 : 100_000;
    const events = trials * 10;
    const empty = await emptyStoreRss(ctx);
    const emptyRss = empty.rss;
    const dataDir = join(ctx.workDir, 'data');
    mkdirSync(dataDir, { recursive: true });
    await copyOfTrialLog(join(dataDir, 'events.sqlite'), { trials }, ctx.log);
    // Timed from the spawn: the projections start catching up while the API boots, before it listens.
    const started = performance.now();
    const api = await BenchApi.start(dataDir, 1_200_000);
    const raw = new RawReads(join(dataDir, 'events.sqlite'), join(dataDir, 'read-models.sqlite'));
    try {
      ctx.log(`API started; its projections catch up on ${events.toLocaleString('en-US')} events`);
      await api.caughtUp(1_200_000);
      const catchUpMs = performance.now() - started;
      const afterCatchUp = api.memory();
      const figures: Figure[] = [
        {
          suite: 'scale',
          name: `API catch-up from empty read models, ${events.toLocaleString('en-US')} events`,
          unit: 'events/s',
          higherIsBetter: true,
          ours: perSecond(events, catchUpMs),
          notes: `${(catchUpMs / 1000).toFixed(1)} s from spawn to lag 0, boot included; live projections`,
        },
      ];
      figures.push(
        memoryFigure(
          `API RSS after catch-up (${trials.toLocaleString('en-US')} trials)`,
          afterCatchUp.rssMiB,
          emptyRss,
          `peak during catch-up ${afterCatchUp.peakMiB.toFixed(0)} MiB`,
        ),
      );
      figures.push(...(await listFigures(api, raw, trials, ctx.quick ? 20 : 50)));
      const afterQueries = api.memory();
      figures.push(
        memoryFigure('API RSS after the list queries', afterQueries.rssMiB, emptyRss, `peak ${afterQueries.peakMiB.toFixed(0)} MiB`),
      );
      // RSS at an arbitrary moment includes garbage V8 has not collected yet; after a full GC it is what is kept.
      const settled = await api.settledMemory();
      figures.push(
        memoryFigure(
          'API RSS kept (after catch-up and the queries, full GC)',
          settled.rssMiB,
          empty.settled.rssMiB,
          settledNotes(settled, empty.settled),
        ),
      );
      return figures;
    } finally {
      raw.close();
      await api.stop();
    }
  },
};

export default suite;
