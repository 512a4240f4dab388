import { performance } from 'node:perf_hooks';
import { syntheticNctId } from '../../test/support/registry-corpus';
import { BenchApi, expectOk } from './bench-api';
import { Figure } from './figures';
import { LatencySamples, msOf } from './latency';
import { RawReads } from './raw-reads';
import { percentile } from './timing';
import { CONDITIONS } from './trial-plans';

const SUITE = 'registry';
const LIMIT = 20;
const P99_TARGET_MS = 100;

interface ListQuery {
  name: string;
  query: string;
  /** The NCT IDs as the SQLite adapter selects them (sqlite-trial-filter.ts), and their parameters. */
  ids: string;
  params: string[];
  offset: number;
  /** For a filter that scanned the keys before it had tables of its own (issue 17): that scan's WHERE. */
  keyScan?: { where: string; params: string[] };
}

const listQueries = (trials: number): ListQuery[] => {
  const condition = CONDITIONS[123].toLowerCase();
  return [
    {
      name: 'status=RECRUITING',
      query: 'status=RECRUITING',
      ids: 'SELECT nct_id FROM trials WHERE status = ?',
      params: ['RECRUITING'],
      offset: 0,
    },
    {
      name: 'condition=<one of 400>',
      query: `condition=${encodeURIComponent(CONDITIONS[123])}`,
      ids: 'SELECT DISTINCT nct_id FROM trial_conditions tc WHERE term IN (SELECT term FROM condition_terms WHERE instr(term, ?) > 0)',
      params: [condition],
      offset: 0,
      keyScan: { where: 'WHERE instr(conditions_key, ?) > 0', params: [condition] },
    },
    {
      name: 'country=France',
      query: 'country=France',
      ids: 'SELECT nct_id FROM trial_countries WHERE country = ?',
      params: ['france'],
      offset: 0,
      keyScan: { where: 'WHERE instr(countries_key, ?) > 0', params: ['\nfrance\n'] },
    },
    {
      name: 'status=RECRUITING&country=Japan',
      query: 'status=RECRUITING&country=Japan',
      ids: 'SELECT nct_id FROM trial_countries WHERE country = ? AND status = ?',
      params: ['japan', 'RECRUITING'],
      offset: 0,
      keyScan: { where: 'WHERE status = ? AND instr(countries_key, ?) > 0', params: ['RECRUITING', '\njapan\n'] },
    },
    {
      name: `status=COMPLETED, offset ${Math.floor(trials * 0.3).toLocaleString('en-US')}`,
      query: 'status=COMPLETED',
      ids: 'SELECT nct_id FROM trials WHERE status = ?',
      params: ['COMPLETED'],
      offset: Math.floor(trials * 0.3),
    },
  ];
};

/**
 * Baseline, then ours, alternating, after `warmUp` rounds: until `samples` each, or until `budgetMs` has gone by,
 * so a route that takes seconds is reported on the samples it got rather than stalling the run.
 */
const sampleWithin = async (
  samples: number,
  budgetMs: number,
  ours: () => Promise<number>,
  baseline: () => Promise<number>,
): Promise<LatencySamples> => {
  for (let i = 0; i < 3; i += 1) {
    await baseline();
    await ours();
  }
  const result: LatencySamples = { ours: [], baseline: [] };
  const deadline = performance.now() + budgetMs;
  while (result.ours.length < samples && performance.now() < deadline) {
    result.baseline.push(await baseline());
    result.ours.push(await ours());
  }
  return result;
};

const p99Figures = (name: string, baselineLabel: string, s: LatencySamples, samples: number): Figure[] =>
  [50, 99].map((p) => ({
    suite: SUITE,
    name: `${name} p${p}`,
    unit: 'ms',
    higherIsBetter: false,
    ours: percentile(s.ours, p),
    baseline: { label: baselineLabel, value: percentile(s.baseline, p) },
    ...(p === 99 ? { target: { maxValue: P99_TARGET_MS } } : {}),
    notes: `${s.ours.length} samples each${s.ours.length < samples ? ` (of ${samples}: the time budget ran out)` : ''}, alternating`,
  }));

/** The key scan a filter used before its tables: same rows and answer, p50/p99 against the adapter's SQL now. */
const keyScanFigures = async (raw: RawReads, q: ListQuery, samples: number, budgetMs: number): Promise<Figure[]> => {
  if (!q.keyScan) return [];
  const { where, params } = q.keyScan;
  if (raw.listTrials(where, params, LIMIT, q.offset) !== raw.listTrialsOf(q.ids, q.params, LIMIT, q.offset)) {
    throw new Error(`Invalid benchmark: ${q.name} answers otherwise through the filter tables than through the key scan`);
  }
  const s = await sampleWithin(
    samples,
    budgetMs,
    () => msOf(() => raw.listTrials(where, params, LIMIT, q.offset)),
    () => msOf(() => raw.listTrialsOf(q.ids, q.params, LIMIT, q.offset)),
  );
  return [50, 99].map((p) => ({
    suite: SUITE,
    name: `raw SQL of ${q.name} before its filter tables (instr over the keys), p${p}`,
    unit: 'ms',
    higherIsBetter: false,
    ours: percentile(s.ours, p),
    baseline: { label: "the adapter's SQL now (filter tables), same file", value: percentile(s.baseline, p) },
    notes: `${s.ours.length} samples each, alternating`,
  }));
};

/** GET /trials with filters at registry scale, each against the same SQL straight on the read-model file. */
export const listFigures = async (api: BenchApi, raw: RawReads, trials: number, samples: number, budgetMs: number): Promise<Figure[]> => {
  const figures: Figure[] = [];
  for (const q of listQueries(trials)) {
    const path = `/trials?${q.query}&limit=${LIMIT}&offset=${q.offset}`;
    const s = await sampleWithin(
      samples,
      budgetMs,
      async () => expectOk(await api.get(path), path).ms,
      () => msOf(() => raw.listTrialsOf(q.ids, q.params, LIMIT, q.offset)),
    );
    figures.push(...p99Figures(`GET /trials ${q.name}`, 'the same SQL via better-sqlite3 + JSON', s, samples));
    figures.push(...(await keyScanFigures(raw, q, samples, budgetMs)));
  }
  return figures;
};

/**
 * The compliance routes at registry scale: the overview's first and a deep page, and the per-trial report of trials
 * drawn across the corpus. Their read model is the product's own choice, so the baseline is the same server's
 * /health/live: what any answer from it costs.
 */
export const complianceFigures = async (api: BenchApi, trials: number, samples: number, budgetMs: number): Promise<Figure[]> => {
  const live = async () => expectOk(await api.get('/health/live'), '/health/live').ms;
  const floor = 'GET /health/live on the same server';
  const deep = Math.floor(trials * 0.5);
  let k = 0;
  const perTrial = async () => {
    k = (k + 7919) % trials;
    const path = `/trials/${syntheticNctId(k)}/compliance`;
    return expectOk(await api.get(path), path).ms;
  };
  const page = (offset: number) => async () => expectOk(await api.get(`/compliance?limit=${LIMIT}&offset=${offset}`), '/compliance').ms;
  return [
    ...p99Figures('GET /compliance overview, first page', floor, await sampleWithin(samples, budgetMs, page(0), live), samples),
    ...p99Figures(
      `GET /compliance overview, offset ${deep.toLocaleString('en-US')}`,
      floor,
      await sampleWithin(samples, budgetMs, page(deep), live),
      samples,
    ),
    ...p99Figures(
      'GET /trials/{id}/compliance, trials across the corpus',
      floor,
      await sampleWithin(samples, budgetMs, perTrial, live),
      samples,
    ),
  ];
};
