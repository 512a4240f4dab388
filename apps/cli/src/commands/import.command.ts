import { INestApplicationContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { EventStore } from '@trial-ledger/event-store';
import {
  ImportIssue,
  ImportSource,
  PreparedSource,
  SourceError,
  openImportSource,
  preparedHere,
  preparedInThread,
} from '@trial-ledger/importer';
import { AppConfig } from '@trial-ledger/platform';
import { ImportOutcome, RegistryRules, TrialCommandExecutor, importSource, sourceIssue } from '@trial-ledger/trials';
import { CliIo } from '../cli-io';
import { ImportCheckpoint } from './import/import-checkpoint';
import { ImportProgress } from './import/import-progress';

const USAGE =
  'usage: npm run cli -- import <zip|dir|ndjson|file> [--resume] [--progress] [--actor <name>] [--batch <1-1024>] [--threads 0|1]\n';
/** Studies recorded together by default: enough that one durable commit serves many of them. */
const BATCH = 64;
/** A thread reads and parses the source when a core is there for it, while this one records. */
const THREADS = availableParallelism() > 1 ? 1 : 0;
/** A checkpoint at most this often: each costs a file write and a flush. */
const CHECKPOINT_EVERY_MS = 1_000;

const line = (i: ImportIssue): string => `${i.file}: record ${i.record}, field ${i.field}: ${i.message}\n`;

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
}

/** Streams the source through the executor, writing each reported line as it comes and moving the checkpoint. */
const run = async (
  app: INestApplicationContext,
  checkpoint: ImportCheckpoint,
  { source, skip, actor, progress, batchSize }: Run,
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
        io.stderr.write(line(issue));
      },
      // Called once the entry's events are durable: only then may the checkpoint count it.
      onEntryDone: async (tally) => {
        progress?.update(tally);
        if (Date.now() - savedAt < CHECKPOINT_EVERY_MS) return;
        savedAt = Date.now();
        await save(tally.entries);
      },
    },
  );
  await save(outcome.entries);
  progress?.finish(outcome);
  return outcome;
};

/**
 * Imports the registry's zip (one JSON file per study), a folder, NDJSON (one study a line) or one JSON file,
 * one entry at a time. Exit code 1 when any line was reported or the run was interrupted, so a script notices;
 * the good records are imported anyway. Progress on stderr on a terminal or with --progress; the summary on stdout.
 */
export const importCommand = async (app: INestApplicationContext, args: string[], io: CliIo, config: AppConfig): Promise<number> => {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      actor: { type: 'string', default: 'cli-import' },
      resume: { type: 'boolean', default: false },
      progress: { type: 'boolean', default: false },
      batch: { type: 'string', default: String(BATCH) },
      threads: { type: 'string', default: String(THREADS) },
    },
  });
  const batchSize = Number(values.batch);
  const threads = Number(values.threads);
  const inRange = (n: number, max: number, min: number) => Number.isInteger(n) && n >= min && n <= max;
  if (positionals.length !== 1 || !inRange(batchSize, 1024, 1) || !inRange(threads, 1, 0)) {
    io.stderr.write(USAGE);
    return 2;
  }
  const path = resolve(positionals[0]);
  const started = Date.now();
  const checkpoint = ImportCheckpoint.for(config.dataDir, path);
  let source: ImportSource;
  try {
    source = await openImportSource(path);
  } catch (error) {
    if (!(error instanceof SourceError)) throw error;
    io.stderr.write(line(sourceIssue(error)));
    io.stdout.write(
      summary({ entries: 0, skipped: 0, versions: 0, recorded: 0, newTrials: 0, issues: 1, interrupted: false }, Date.now() - started),
    );
    return 1;
  }
  const skip = values.resume ? await resumeFrom(checkpoint, app.get(EventStore), io) : 0;
  // In a thread, the source is read there again; this opening has served to report a bad source and to count it.
  if (threads > 0) source.close();
  const prepared = threads > 0 ? preparedInThread(source) : preparedHere(source);
  const progress = values.progress || io.stderr.isTTY ? new ImportProgress(io.stderr, prepared, io.stderr.isTTY === true) : null;
  const outcome = await run(app, checkpoint, { source: prepared, skip, actor: values.actor as string, progress, batchSize }, io);
  if (outcome.interrupted)
    io.stderr.write(`${path}: interrupted after entry ${outcome.entries}; run the same import with --resume to go on from there\n`);
  io.stdout.write(summary(outcome, Date.now() - started));
  return outcome.issues === 0 && !outcome.interrupted ? 0 : 1;
};
