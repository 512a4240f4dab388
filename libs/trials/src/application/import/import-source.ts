import { ImportIssue, PreparedEntry, PreparedSource, PreparedVersion, SourceError } from '@trial-ledger/importer';
import { TrialCommandExecutor } from '../shared/trial-command-executor';
import { ImportOptions, SnapshotOutcome, recordVersion } from './import-snapshot';
import { PerTrialQueue } from './per-trial-queue';

/** Where an import stands: entries handled from the source's start (those skipped included), and what came of them. */
export interface ImportTally {
  entries: number;
  skipped: number;
  versions: number;
  recorded: number;
  /** Trials whose stream this run began. */
  newTrials: number;
  issues: number;
}

export interface ImportOutcome extends ImportTally {
  /** The signal stopped the run before the source's end; `entries` says how far it got. */
  interrupted: boolean;
}

export interface SourceImportOptions extends ImportOptions {
  /** Entries to pass over: those an interrupted run already recorded. */
  skip?: number;
  /** Stops the run after the batch in hand, whose events are then durable. */
  signal?: AbortSignal;
  /**
   * Entries recorded together (default 1). The store commits appends that arrive together in one transaction, so a
   * batch pays one durable commit for many studies; versions of one trial are still recorded in source order.
   */
  batchSize?: number;
}

export interface ImportHooks {
  onIssue(issue: ImportIssue): void;
  onRecorded?(nctId: string): void;
  /**
   * After each entry, in source order, once every event it and every entry before it brought is durable (the
   * executor answers only then): the place to move a resume checkpoint. Awaited before the next entry is reported.
   */
  onEntryDone?(tally: Readonly<ImportTally>): unknown;
}

/** The source cannot be read at all: one line naming it, where it failed and why. */
export const sourceIssue = (error: SourceError): ImportIssue => ({
  file: error.path,
  record: '(source)',
  field: error.where,
  message: error.message,
});

type Recorded = { version: PreparedVersion; outcome: SnapshotOutcome }[];

/**
 * Records every version of every entry of `source` as a registry observation, through the same executor as the
 * API, a batch of entries at a time: memory holds a batch (and what a preparing thread sent ahead of it). Lines and
 * tallies are reported entry by entry in source order. A bad entry or version is reported (`onIssue`) and the rest
 * goes on; an entry already recorded appends nothing again (the executor knows a version by its digest).
 */
export const importSource = async (
  executor: TrialCommandExecutor,
  source: PreparedSource,
  options: SourceImportOptions,
  hooks: ImportHooks,
): Promise<ImportOutcome> => {
  const { skip = 0, signal, batchSize = 1, ...meta } = options;
  const tally: ImportTally = { entries: skip, skipped: skip, versions: 0, recorded: 0, newTrials: 0, issues: 0 };
  if (signal?.aborted) return { ...tally, interrupted: true };
  const width = Math.max(1, batchSize);
  const queue = new PerTrialQueue();
  const report = (issue: ImportIssue) => {
    tally.issues += 1;
    hooks.onIssue(issue);
  };
  const record = (entry: PreparedEntry): Promise<Recorded> =>
    Promise.all(
      entry.versions.map((version) =>
        queue.run(version.nctId, async () => ({ version, outcome: await recordVersion(executor, version, meta) })),
      ),
    );
  const finish = async (entry: PreparedEntry, recorded: Recorded): Promise<void> => {
    entry.issues.forEach(report);
    for (const { version, outcome } of recorded) {
      tally.versions += 1;
      // Named by the entry, as the entry's own lines are: one place for every line of an import.
      outcome.issues.forEach((issue) => report({ ...issue, file: entry.name }));
      if (!outcome.recorded) continue;
      tally.recorded += 1;
      tally.newTrials += outcome.newTrial ? 1 : 0;
      hooks.onRecorded?.(version.nctId);
    }
    tally.entries = entry.index + 1;
    await hooks.onEntryDone?.(tally);
  };
  // Started together, a batch's appends reach the store in one turn of the event loop: one commit serves them all.
  const recordBatch = async (batch: PreparedEntry[]): Promise<void> => {
    const results = await Promise.allSettled(batch.map(record));
    for (const [i, result] of results.entries()) {
      if (result.status === 'rejected') throw result.reason;
      await finish(batch[i], result.value);
    }
  };

  let batch: PreparedEntry[] = [];
  for await (const entry of source.entries(skip)) {
    batch.push(entry);
    if (batch.length < width) continue;
    await recordBatch(batch);
    batch = [];
    if (signal?.aborted) return { ...tally, interrupted: true };
  }
  await recordBatch(batch);
  return { ...tally, interrupted: false };
};
