import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createDatabase } from '../../test/support/postgres/databases';
import { BenchApi } from '../support/bench-api';
import { CliImport, importWithCli } from '../support/cli-import';
import { BenchContext, BenchSuite, Figure } from '../support/figures';
import { RawReads } from '../support/raw-reads';
import { rawScan } from '../support/raw-scan';
import { commandFigures } from '../support/registry-commands';
import { RegistryCorpus, registryCorpus } from '../support/registry-corpus';
import { eventCount, pgEventCount, rawPgInsertMs, rawSqliteInsertMs, streamAndParseMs } from '../support/registry-import-floor';
import { complianceFigures, listFigures } from '../support/registry-reads';
import { REGISTRY_SEED } from '../support/registry-study';
import { perSecond } from '../support/timing';

/**
 * The whole registry, as issue 17 sizes it: 540,000 studies (REGISTRY_STUDIES to choose, --quick 20,000;
 * REGISTRY_ENGINES=sqlite to leave the PostgreSQL import out).
 *
 * The corpus is a zip laid out as ClinicalTrials.gov's full download (one `NCT….json` entry per study), generated
 * by bench/support/registry-study.ts from the six real API v2 records in shared/ctgov: each study is one of them
 * under a new NCT ID (NCT9…, which no real record has), with its overall status (the registry's mix: completed,
 * recruiting, unknown, active, terminated, not yet recruiting, withdrawn, by invitation, suspended), its dates
 * (first submitted, start, primary completion, completion, ACTUAL or ESTIMATED as the status implies; last update
 * posted and status verified from 2000 to 2026), results posted or not, phases, 1-3 of 400 conditions, enrollment
 * and 1-60 sites (facility, city, country from 30 countries) drawn per study from a seed; the rest of each record
 * (titles, design, outcomes, eligibility, results tables) is the real one, so entry sizes and shapes are real.
 * Written once per (size, seed, generator version) and cached (bench/support/registry-corpus.ts).
 *
 * Then: the compiled CLI imports it into a fresh SQLite data directory and into fresh PostgreSQL databases, each
 * against its floor; the compiled API starts on the imported SQLite store, catches its read models up, and answers
 * the list, compliance and per-trial reads; the bench's app takes durable commands at 16 clients on that store.
 * Invalid, and stopped, when an import reports any line, records other than one event per study, or a read or
 * command is not a 2xx.
 */
const SUITE = 'registry';
const MIB = 2 ** 20;
const SECRET = 'registry-bench-secret-long-enough-for-hs256-0123';
const ADMIN_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const studiesFor = (ctx: BenchContext): number => {
  const asked = process.env.REGISTRY_STUDIES;
  if (asked === undefined) return ctx.quick ? 20_000 : 540_000;
  const n = Number(asked);
  if (!Number.isSafeInteger(n) || n < 100) throw new Error(`REGISTRY_STUDIES must be a whole number ≥ 100, got "${asked}"`);
  return n;
};

/** REGISTRY_ENGINES=sqlite leaves the PostgreSQL import out (it is the longest part); the API runs on SQLite either way. */
const enginesFor = (): { postgres: boolean } => {
  const asked = (process.env.REGISTRY_ENGINES ?? 'sqlite,postgres').split(',').map((e) => e.trim());
  const unknown = asked.filter((e) => e !== 'sqlite' && e !== 'postgres');
  if (unknown.length > 0 || !asked.includes('sqlite')) {
    throw new Error(`REGISTRY_ENGINES must list sqlite, and optionally postgres, got "${process.env.REGISTRY_ENGINES}"`);
  }
  return { postgres: asked.includes('postgres') };
};

/** One event per study is what the corpus implies: every study is new and is one registry version. */
const checkImport = (what: string, run: CliImport, events: number, studies: number): void => {
  if (run.issues !== 0 || run.recorded !== studies || run.newTrials !== studies || events !== studies) {
    throw new Error(
      `Invalid benchmark: ${what} of ${studies} studies recorded ${run.recorded} (${run.newTrials} new), reported ${run.issues} lines, ` +
        `and the log holds ${events} events: ${run.summary}`,
    );
  }
};

const importFigures = (
  engine: string,
  studies: number,
  run: CliImport,
  parseMs: number,
  insert: { ms: number; label: string },
): Figure[] => [
  {
    suite: SUITE,
    name: `cli import of ${studies.toLocaleString('en-US')} studies, ${engine}`,
    unit: 'studies/s',
    higherIsBetter: true,
    ours: perSecond(studies, run.ms),
    baseline: { label: `stream + parse + map, then ${insert.label}`, value: perSecond(studies, parseMs + insert.ms) },
    target: { minRatio: 0.5, minValue: 1_000 },
    notes:
      `whole command ${(run.ms / 1000).toFixed(1)} s (start-up and shutdown included); floor ${(parseMs / 1000).toFixed(1)} s parsing + ` +
      `${(insert.ms / 1000).toFixed(1)} s inserting; one run each`,
  },
  {
    suite: SUITE,
    name: `peak RSS of that import, ${engine}`,
    unit: 'MiB',
    higherIsBetter: false,
    ours: run.peakRss / MIB,
    target: { maxValue: 1024 },
    notes: 'getrusage maxrss of the CLI process',
  },
];

const sqliteImport = async (ctx: BenchContext, corpus: RegistryCorpus, parseMs: number, dataDir: string): Promise<Figure[]> => {
  mkdirSync(dataDir, { recursive: true });
  ctx.log('cli import into a fresh SQLite data directory');
  const run = await importWithCli(corpus.path, { DATA_DIR: dataDir, JWT_SECRET: SECRET }, join(ctx.workDir, 'rss-sqlite'));
  const eventsFile = join(dataDir, 'events.sqlite');
  checkImport('the SQLite import', run, eventCount(eventsFile), corpus.studies);
  ctx.log(run.summary);
  const insert = await rawSqliteInsertMs(eventsFile, join(ctx.workDir, 'raw-insert.sqlite'));
  ctx.log(`raw insert of the same ${insert.rows} rows: ${(insert.ms / 1000).toFixed(1)} s`);
  return importFigures('SQLite', corpus.studies, run, parseMs, {
    ms: insert.ms,
    label: 'raw better-sqlite3 insert of the very rows it wrote (WAL, synchronous=FULL, 1,000 per transaction)',
  });
};

const postgresImport = async (ctx: BenchContext, corpus: RegistryCorpus, parseMs: number, eventsFile: string): Promise<Figure[]> => {
  const [ours, raw] = [await createDatabase(ADMIN_URL), await createDatabase(ADMIN_URL)];
  try {
    ctx.log('cli import into a fresh PostgreSQL database (EVENT_STORE and READ_MODEL_STORE postgres)');
    const dataDir = join(ctx.workDir, 'data-pg');
    mkdirSync(dataDir, { recursive: true });
    const env = { DATA_DIR: dataDir, JWT_SECRET: SECRET, EVENT_STORE: 'postgres', READ_MODEL_STORE: 'postgres', DATABASE_URL: ours.url };
    const run = await importWithCli(corpus.path, env, join(ctx.workDir, 'rss-pg'));
    checkImport('the PostgreSQL import', run, await pgEventCount(ours.url), corpus.studies);
    ctx.log(run.summary);
    const insert = await rawPgInsertMs(eventsFile, raw.url);
    ctx.log(`raw pg insert of the same ${insert.rows} rows: ${(insert.ms / 1000).toFixed(1)} s`);
    return importFigures('PostgreSQL', corpus.studies, run, parseMs, {
      ms: insert.ms,
      label: "raw pg multi-row insert of the same rows into the adapter's table (1,000 per transaction)",
    });
  } finally {
    await Promise.all([ours.dispose(), raw.dispose()]);
  }
};

/** The API on the imported store: catch-up from empty read models, then the reads. */
const apiFigures = async (ctx: BenchContext, studies: number, dataDir: string): Promise<Figure[]> => {
  const eventsFile = join(dataDir, 'events.sqlite');
  const scanStarted = performance.now();
  const scanned = rawScan(eventsFile).events;
  const scanMs = performance.now() - scanStarted;
  const started = performance.now();
  const api = await BenchApi.start(dataDir, 3_600_000);
  const raw = new RawReads(eventsFile, join(dataDir, 'read-models.sqlite'));
  try {
    ctx.log(`API started; its read models catch up on ${scanned.toLocaleString('en-US')} events`);
    await api.caughtUp(3_600_000);
    const catchUpMs = performance.now() - started;
    ctx.log(`caught up in ${(catchUpMs / 1000).toFixed(1)} s`);
    const samples = ctx.quick ? 50 : 200;
    const budgetMs = ctx.quick ? 30_000 : 120_000;
    return [
      {
        suite: SUITE,
        name: `API catch-up of the imported log (${scanned.toLocaleString('en-US')} events)`,
        unit: 'events/s',
        higherIsBetter: true,
        ours: perSecond(scanned, catchUpMs),
        baseline: {
          label: 'raw better-sqlite3 scan of the same log, JSON.parse of payload and metadata',
          value: perSecond(scanned, scanMs),
        },
        notes: `${(catchUpMs / 1000).toFixed(1)} s from spawn to lag 0, start-up included; scan ${(scanMs / 1000).toFixed(1)} s`,
      },
      ...(await listFigures(api, raw, studies, samples, budgetMs)),
      ...(await complianceFigures(api, studies, samples, budgetMs)),
    ];
  } finally {
    raw.close();
    await api.stop();
  }
};

const suite: BenchSuite = {
  name: SUITE,
  order: 46,
  onlyWhenNamed: true,
  async run(ctx) {
    const studies = studiesFor(ctx);
    const engines = enginesFor();
    const corpus = await registryCorpus(studies, REGISTRY_SEED, ctx.log);
    ctx.log(
      `corpus: ${studies.toLocaleString('en-US')} studies, seed ${corpus.seed}, ${(corpus.bytes / MIB).toFixed(0)} MiB zip` +
        `${corpus.fresh ? '' : ' (cached)'}: ${corpus.path}`,
    );
    const parseMs = await streamAndParseMs(corpus.path, studies);
    ctx.log(`streamed and parsed in ${(parseMs / 1000).toFixed(1)} s`);
    const dataDir = join(ctx.workDir, 'data');
    const figures = await sqliteImport(ctx, corpus, parseMs, dataDir);
    if (engines.postgres) figures.push(...(await postgresImport(ctx, corpus, parseMs, join(dataDir, 'events.sqlite'))));
    else ctx.log('REGISTRY_ENGINES leaves the PostgreSQL import out');
    figures.push(...(await apiFigures(ctx, studies, dataDir)));
    const plan = ctx.quick ? { trials: 500, seconds: 3, warmUpSeconds: 1 } : { trials: 2_000, seconds: 10, warmUpSeconds: 2 };
    figures.push(...(await commandFigures(dataDir, plan, studies)));
    return figures;
  },
};

export default suite;
