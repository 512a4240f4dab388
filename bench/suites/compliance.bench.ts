import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { RecordedEvent } from '@trial-ledger/event-store';
import { DEFAULT_UNKNOWN_POLICY } from '@trial-ledger/domain';
import { nctIdOfStream, trialStreamId } from '@trial-ledger/ledger';
import { SqliteTrialComplianceProjection, SqliteTrialComplianceReadModel, openReadModelDb } from '@trial-ledger/read-models';
import { complianceReport, complianceReportFromFindings, summarizeCompliance } from '@trial-ledger/compliance';
import { complianceStreams } from '../../libs/read-models/src/testing/compliance-streams';
import { BenchContext, BenchSuite, Figure } from '../support/figures';
import { percentile } from '../support/timing';

/**
 * The compliance read model (trial-compliance) at many trials, in process on SQLite: what GET /compliance of today
 * and GET /trials/{id}/compliance do besides HTTP (the registry suite measures the routes at 540,000 studies).
 * The trials are COMPLIANCE_TRIALS (default 200,000; --quick 20,000) copies, under new NCT IDs, of 2,000 trials the
 * contract spec's generator makes with the domain's decider (libs/read-models/src/testing/compliance-streams.ts):
 * registry versions of every status and date precision, operator commands with late effective dates,
 * verifications. The baseline is the path the findings replace, a replay of every trial, here from memory
 * (no log read): measured on the 2,000 and scaled to the count, so it is a floor of what that path cost.
 */
const SUITE = 'compliance';
const TODAY = '2026-06-15';
const BASE = 2_000;
const SAMPLES = 60;

const trialsFor = (ctx: BenchContext): number => Number(process.env.COMPLIANCE_TRIALS ?? (ctx.quick ? 20_000 : 200_000));

const copyId = (copy: number, i: number): string => `NCT8${String(copy * BASE + i).padStart(7, '0')}`;

/** The base log under copy `copy`'s NCT IDs, positions after `offset`. */
const copyOf = (log: RecordedEvent[], index: Map<string, number>, copy: number, offset: number): RecordedEvent[] =>
  log.map((e, k) => {
    const nctId = copyId(copy, index.get(nctIdOfStream(e.streamId) as string) as number);
    return { ...e, streamId: trialStreamId(nctId), position: offset + k + 1, data: { ...e.data, nctId } };
  });

const p99Of = async (work: () => Promise<unknown>): Promise<{ p50: number; p99: number }> => {
  for (let i = 0; i < 5; i++) await work();
  const ms: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const started = performance.now();
    await work();
    ms.push(performance.now() - started);
  }
  return { p50: percentile(ms, 50), p99: percentile(ms, 99) };
};

const suite: BenchSuite = {
  name: SUITE,
  order: 60,
  onlyWhenNamed: true,
  async run(ctx) {
    const copies = Math.max(1, Math.round(trialsFor(ctx) / BASE));
    const trials = copies * BASE;
    const log = complianceStreams({ trials: BASE, seed: 17, today: TODAY });
    const ids = [...new Set(log.map((e) => nctIdOfStream(e.streamId) as string))].sort();
    const index = new Map(ids.map((id, i) => [id, i]));
    const db = openReadModelDb(join(ctx.workDir, 'read-models.sqlite'));
    try {
      const projection = new SqliteTrialComplianceProjection(db);
      const rebuilder = projection.rebuilder();
      const foldStarted = performance.now();
      for (let c = 0; c < copies; c++) await rebuilder.apply(copyOf(log, index, c, c * log.length));
      await rebuilder.finish();
      const foldMs = performance.now() - foldStarted;
      ctx.log(`${trials} trials, ${copies * log.length} events folded in ${Math.round(foldMs)} ms`);

      const readModel = new SqliteTrialComplianceReadModel(db);
      const now = new Date(`${TODAY}T09:30:00.000Z`);
      const policy = DEFAULT_UNKNOWN_POLICY;
      const overview = (offset: number) => async () => {
        const [totals, page] = await Promise.all([readModel.totals(TODAY, policy), readModel.page(20, offset)]);
        return [totals, page.map((f) => summarizeCompliance(complianceReportFromFindings(f, TODAY, now, policy)))];
      };
      let k = 0;
      const perTrial = async () => {
        k = (k + 7919) % trials;
        const findings = await readModel.findings(copyId(Math.floor(k / BASE), k % BASE));
        if (findings === null) throw new Error('Invalid benchmark: a trial without findings');
        return complianceReportFromFindings(findings, TODAY, now, policy);
      };
      const streams = new Map<string, RecordedEvent[]>();
      for (const e of log)
        streams.set(nctIdOfStream(e.streamId) as string, [...(streams.get(nctIdOfStream(e.streamId) as string) ?? []), e]);
      const replayStarted = performance.now();
      for (const [id, events] of streams) complianceReport(id, events, TODAY, now, policy);
      const replayPerTrial = (performance.now() - replayStarted) / streams.size;

      const first = await p99Of(overview(0));
      const deep = await p99Of(overview(Math.floor(trials * 0.9)));
      const one = await p99Of(perTrial);
      const figure = (name: string, value: number, baseline: number, label: string): Figure => ({
        suite: SUITE,
        name,
        unit: 'ms',
        higherIsBetter: false,
        ours: value,
        baseline: { label, value: baseline },
        target: { maxValue: 100 },
        notes: `${SAMPLES} samples, in process, SQLite read model of ${trials.toLocaleString('en-US')} trials`,
      });
      const replayAll = replayPerTrial * trials;
      const label = `replay of every trial from memory (${replayPerTrial.toFixed(3)} ms/trial × ${trials.toLocaleString('en-US')})`;
      return [
        figure(`overview of today, first page, p99 (p50 ${first.p50.toFixed(1)})`, first.p99, replayAll, label),
        figure(
          `overview of today, offset ${Math.floor(trials * 0.9).toLocaleString('en-US')}, p99 (p50 ${deep.p50.toFixed(1)})`,
          deep.p99,
          replayAll,
          label,
        ),
        figure(
          `per-trial report of today, p99 (p50 ${one.p50.toFixed(2)})`,
          one.p99,
          replayPerTrial,
          'replay of one trial from memory (mean)',
        ),
        {
          suite: SUITE,
          name: `fold of ${(copies * log.length).toLocaleString('en-US')} events into the findings (rebuild, write-behind)`,
          unit: 'events/s',
          higherIsBetter: true,
          ours: (copies * log.length * 1000) / foldMs,
        },
      ];
    } finally {
      db.close();
    }
  },
};

export default suite;
