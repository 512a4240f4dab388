import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openImportSource } from '@trial-ledger/importer';
import { corpusEntries, realRecords, writeRegistryZip } from '../../test/support/registry-corpus';
import { BenchContext, BenchSuite, Figure } from '../support/figures';
import { perSecond } from '../support/timing';

/**
 * `cli import` of a registry zip as ClinicalTrials.gov's full download lays it out (one JSON entry per study),
 * generated from the real records in shared/ctgov under new NCT IDs (NCT9…): every study is one of those six
 * records, so the sizes and shapes are real and the variety is not. The compiled CLI runs as an operator runs it
 * (SQLite, synchronous=FULL), once on N studies and once on 4N: the peak RSS of the two says whether memory stays
 * flat as the input grows. The floor is the same zip streamed and JSON-parsed with nothing recorded.
 */
const CLI = resolve(__dirname, '../../dist/apps/cli/src/main.js');
const PEAK_RSS = resolve(__dirname, '../support/peak-rss.js');
const LIVE_HEAP = resolve(__dirname, '../support/live-heap.js');
const MIB = 1024 * 1024;

interface CliImport {
  ms: number;
  peakRss: number;
  summary: string;
}

/** The compiled CLI importing `zip` into a fresh DATA_DIR; with `liveHeapFile`, sampling its live heap as it goes. */
const importWithCli = (zip: string, dataDir: string, rssFile: string, liveHeapFile?: string): Promise<CliImport> =>
  new Promise((done, fail) => {
    mkdirSync(dataDir, { recursive: true });
    const env = {
      PATH: process.env.PATH ?? '',
      DATA_DIR: dataDir,
      JWT_SECRET: 'registry-import-bench-secret-0123456789abcdef',
      BENCH_PEAK_RSS_FILE: rssFile,
      BENCH_LIVE_HEAP_FILE: liveHeapFile ?? '',
    };
    const sampling = liveHeapFile ? ['--expose-gc', '-r', LIVE_HEAP] : [];
    const started = performance.now();
    const child = spawn(process.execPath, [...sampling, '-r', PEAK_RSS, CLI, 'import', zip], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', fail);
    child.once('close', (code) => {
      const ms = performance.now() - started;
      if (code !== 0) return fail(new Error(`cli import exited ${code}: ${stderr.slice(0, 2000)}`));
      done({ ms, peakRss: Number(readFileSync(rssFile, 'utf8')), summary: stdout.trim() });
    });
  });

/** What no import can beat: the same entries inflated and parsed, one at a time, nothing recorded. */
const streamAndParseMs = async (zip: string, expected: number): Promise<number> => {
  const started = performance.now();
  const source = await openImportSource(zip);
  let parsed = 0;
  for await (const entry of source.entries(0)) if ('text' in entry && JSON.parse(entry.text)) parsed += 1;
  if (parsed !== expected) throw new Error(`parsed ${parsed} entries, the zip has ${expected}`);
  return performance.now() - started;
};

interface LiveSample {
  at: number;
  heapUsed: number;
  external: number;
}

/** The most the heap and external memory held after a full GC in the first and in the last quarter of the run. */
const liveHeld = (file: string): { first: number; last: number; samples: number } => {
  const samples = readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as LiveSample);
  const quarter = Math.max(1, Math.floor(samples.length / 4));
  const most = (part: LiveSample[]) => Math.max(...part.map((s) => s.heapUsed + s.external));
  return { first: most(samples.slice(0, quarter)), last: most(samples.slice(-quarter)), samples: samples.length };
};

const corpus = async (ctx: BenchContext, count: number): Promise<string> => {
  const zip = join(ctx.workDir, `registry-${count}.zip`);
  await writeRegistryZip(zip, corpusEntries(realRecords(), count));
  ctx.log(`${count.toLocaleString('en-US')} studies in ${zip} (${(statSync(zip).size / MIB).toFixed(1)} MiB)`);
  return zip;
};

const registryImport = async (ctx: BenchContext): Promise<Figure[]> => {
  const small = ctx.quick ? 250 : 1_000;
  const large = small * 4;
  const runs: Record<number, CliImport> = {};
  for (const count of [small, large]) {
    const zip = await corpus(ctx, count);
    runs[count] = await importWithCli(zip, join(ctx.workDir, `data-${count}`), join(ctx.workDir, `rss-${count}`));
    ctx.log(runs[count].summary);
  }
  const zip = join(ctx.workDir, `registry-${large}.zip`);
  const floorMs = await streamAndParseMs(zip, large);
  const ours = runs[large];
  const samples = join(ctx.workDir, 'live-heap.jsonl');
  await importWithCli(zip, join(ctx.workDir, 'data-live'), join(ctx.workDir, 'rss-live'), samples);
  const live = liveHeld(samples);
  return [
    {
      suite: 'registry-import',
      name: `cli import of a ${large.toLocaleString('en-US')}-study registry zip (SQLite)`,
      unit: 'studies/s',
      higherIsBetter: true,
      ours: perSecond(large, ours.ms),
      baseline: { label: 'the same zip streamed and JSON-parsed, nothing recorded', value: perSecond(large, floorMs) },
      notes: `whole command, Nest start-up and shutdown included: ${(ours.ms / 1000).toFixed(1)} s; floor ${(floorMs / 1000).toFixed(1)} s; one run`,
    },
    {
      suite: 'registry-import',
      name: `peak RSS of cli import, ${large.toLocaleString('en-US')} studies vs ${small.toLocaleString('en-US')}`,
      unit: 'MiB',
      higherIsBetter: false,
      ours: ours.peakRss / MIB,
      baseline: { label: `peak RSS importing ${small.toLocaleString('en-US')} studies`, value: runs[small].peakRss / MIB },
      target: { maxValue: 1024 },
      notes: 'getrusage maxrss of the CLI process, which counts garbage V8 had not collected yet: see the live figure',
    },
    {
      suite: 'registry-import',
      name: `live heap + external after a full GC, last quarter vs first quarter of a ${large.toLocaleString('en-US')}-study import`,
      unit: 'MiB',
      higherIsBetter: false,
      ours: live.last / MIB,
      baseline: { label: 'the same in the first quarter of the run', value: live.first / MIB },
      notes: `a separate run with a full GC every 500 ms (${live.samples} samples): flat memory is a last quarter no higher than the first`,
    },
  ];
};

const suite: BenchSuite = {
  name: 'registry-import',
  order: 45,
  async run(ctx) {
    return registryImport(ctx);
  },
};

export default suite;
