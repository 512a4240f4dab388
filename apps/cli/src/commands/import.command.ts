import { INestApplicationContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { InvalidArgumentError } from 'commander';
import { EventStore } from '@trial-ledger/event-store';
import { ImportSource, PreparedSource, SourceError, openImportSource, preparedHere, preparedInThread } from '@trial-ledger/importer';
import { AppConfig, RegistryImportMetrics } from '@trial-ledger/platform';
import { ImportOutcome, RegistryRules, TrialCommandExecutor, importSource, sourceIssue } from '@trial-ledger/trials';
import { CliIo } from '../cli-io';
import { CliCommand } from '../program/cli-command';
import { EXIT } from '../program/exit-codes';
import { reportLine } from '../program/report-line';
import { servedMetrics } from '../program/served-metrics';
import { wholeNumber } from '../program/values';
import { ImportCheckpoint } from './import/import-checkpoint';
import { ImportProgress } from './import/import-progress';
import { RecordedTrials } from './import/recorded-trials';

interface ImportOptions {
  actor: string;
  resume: boolean;
  progress: boolean;
  batch: number;
  threads: number;
  list: boolean;
}
/** Studies recorded together by default: enough that one durable commit serves many of them. */
const BATCH = 64;
/** A thread reads and parses the source when a core is there for it, while this one records. */
const THREADS = availableParallelism() > 1 ? 1 : 0;
/** A checkpoint at most this often: each costs a file write and a flush. */
const CHECKPOINT_EVERY_MS = 1_000;

const summary = (o: ImportOutcome, ms: number): string => {
  const skipped = o.skipped ? ` (${o.skipped} skipped: imported by an earlier run)` : '';
  const rate = Math.round((o.versions * 1000) / Math.max(1, ms));
  return (
    `${o.entries} entries${skipped}, ${o.versions} versions read, ${o.recorded} recorded (${o.newTrials} new trials), ` +
    `${o.issues} lines reported, in ${(ms / 1000).toFixed(1)} s (${rate} studies/s)\n`
  );
};

/**
 * Where a resumed run starts: after the entries the checkpoint holds, unless the event log is behind where it was
 * when the checkpoint was written (another or a reset store), where skipping would leave those entries out.
 */
const resumeFrom = async (checkpoint: ImportCheckpoint, store: EventStore, io: CliIo): Promise<number> => {
  const saved = checkpoint.read();
  if (saved === null) return 0;
  const head = await store.headPosition();
  if (head >= saved.headPosition) return saved.entries;
  io.stderr.write(
    `checkpoint ${checkpoint.file} ignored: written when the event log's head was at ${saved.headPosition}, it is at ${head} now; importing from the start\n`,
  );
  return 0;
};

interface Run {
  source: PreparedSource;
  skip: number;
  actor: string;
  progress: ImportProgress | null;
  batchSize: number;
  trials: RecordedTrials;
  metrics: RegistryImportMetrics;
}

/** Streams the source through the executor, writing each reported line as it comes and moving the checkpoint. */
const run = async (
  app: INestApplicationContext,
  checkpoint: ImportCheckpoint,
  { source, skip, actor, progress, batchSize, trials, metrics }: Run,
  io: CliIo,
) => {
  const store = app.get(EventStore);
  let savedAt = Date.now();
  const save = async (entries: number) => checkpoint.save(entries, await store.headPosition());
  const outcome = await importSource(
    app.get(TrialCommandExecutor),
    source,
    {
      actor,
      correlationId: `import-${randomUUID()}`,
      unknownPolicy: app.get(RegistryRules).unknownPolicy,
      skip,
      signal: io.signal,
      batchSize,
    },
    {
      onIssue: (issue) => {
        progress?.clear();
        io.stderr.write(reportLine(issue));
      },
      onRecorded: (nctId) => trials.add(nctId),
      // Called once the entry's events are durable: only then may the checkpoint count it.
      onEntryDone: async (tally) => {
        progress?.update(tally);
        metrics.update(tally);
        if (Date.now() - savedAt < CHECKPOINT_EVERY_MS) return;
        savedAt = Date.now();
        await save(tally.entries);
      },
    },
  );
  await save(outcome.entries);
  metrics.update(outcome);
  progress?.finish(outcome);
  return outcome;
};

/** The source as an absolute path; one that does not exist is a usage error, refused before any store is opened. */
const sourcePath = (raw: string): string => {
  const path = resolve(raw);
  if (existsSync(path)) return path;
  throw new InvalidArgumentError(`${path} does not exist.`);
};

/**
 * Imports the registry's zip (one JSON file per study), a folder, NDJSON (one study a line) or one JSON file,
 * one entry at a time. Exit code 1 when any line was reported or the run was interrupted, so a script notices;
 * the good records are imported anyway. Progress on stderr on a terminal or with --progress; the summary and the
 * trials recorded on stdout.
 */
const importFrom = async (
  app: INestApplicationContext,
  path: string,
  options: ImportOptions,
  io: CliIo,
  config: AppConfig,
): Promise<number> => {
  const started = Date.now();
  const metrics = servedMetrics(app, io.stderr);
  const checkpoint = ImportCheckpoint.for(config.dataDir, path);
  const trials = new RecordedTrials(options.list);
  let source: ImportSource;
  try {
    source = await openImportSource(path);
  } catch (error) {
    if (!(error instanceof SourceError)) throw error;
    io.stderr.write(reportLine(sourceIssue(error)));
    io.stdout.write(
      summary({ entries: 0, skipped: 0, versions: 0, recorded: 0, newTrials: 0, issues: 1, interrupted: false }, Date.now() - started) +
        trials.lines(),
    );
    return EXIT.problem;
  }
  const skip = options.resume ? await resumeFrom(checkpoint, app.get(EventStore), io) : 0;
  // In a thread, the source is read there again; this opening has served to report a bad source and to count it.
  if (options.threads > 0) source.close();
  const prepared = options.threads > 0 ? preparedInThread(source) : preparedHere(source);
  const progress = options.progress || io.stderr.isTTY ? new ImportProgress(io.stderr, prepared, io.stderr.isTTY === true) : null;
  const counted = new RegistryImportMetrics(metrics, prepared);
  const work = { source: prepared, skip, actor: options.actor, progress, batchSize: options.batch, trials, metrics: counted };
  const outcome = await run(app, checkpoint, work, io);
  if (outcome.interrupted)
    io.stderr.write(`${path}: interrupted after entry ${outcome.entries}; run the same import with --resume to go on from there\n`);
  io.stdout.write(summary(outcome, Date.now() - started) + trials.lines());
  return outcome.issues === 0 && !outcome.interrupted ? EXIT.ok : EXIT.problem;
};

export const importCommand: CliCommand = {
  name: 'import',
  stopsCleanly: true,
  servesMetrics: true,
  register(program, ctx) {
    program
      .command('import')
      .description("import ClinicalTrials.gov records, streamed: the registry's zip, a folder, NDJSON, or one JSON file")
      .argument(
        '<source>',
        'a *.zip, a folder of *.json, *.ndjson / *.jsonl, or a JSON file (API v2 record or page, seed, record history)',
        sourcePath,
      )
      .option('--resume', 'skip the entries an interrupted run of the same input made durable', false)
      .option('--progress', 'a progress line every 5 s on stderr (always on a terminal)', false)
      .option('--list', 'print every trial recorded after the summary, one a line (else the first 20)', false)
      .option('--actor <name>', 'who the recorded events name', 'cli-import')
      .option('--batch <n>', 'studies recorded together, sharing one durable commit', wholeNumber(1, 1024), BATCH)
      .option('--threads <0|1>', 'read and parse in a thread of its own (1) or in the main thread (0)', wholeNumber(0, 1), THREADS)
      .action(
        ctx.action((path: string, options: ImportOptions) =>
          ctx.withApp('import', (app, config) => importFrom(app, path, options, ctx.io, config)),
        ),
      );
  },
};
