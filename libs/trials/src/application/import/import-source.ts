import { ImportIssue, ImportSource, SourceEntry, SourceError, parseDocumentText } from '@trial-ledger/importer';
import { TrialCommandExecutor } from '../shared/trial-command-executor';
import { ImportOptions, importSnapshot } from './import-snapshot';

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
  /** Stops the run after the entry in hand, whose events are then durable. */
  signal?: AbortSignal;
}

export interface ImportHooks {
  onIssue(issue: ImportIssue): void;
  onRecorded?(nctId: string): void;
  /**
   * After each entry, once every event it brought is durable (the executor answers only then): the place to move
   * a resume checkpoint. Awaited, so a checkpoint is written before the next entry is read.
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

const documentOf = (entry: SourceEntry) =>
  'problem' in entry
    ? {
        snapshots: [],
        issues: [{ file: entry.name, record: '(entry)', field: '(file)', message: `${entry.problem}; nothing of it recorded` }],
      }
    : parseDocumentText(entry.text, entry.name);

/**
 * Records every version of every entry of `source` as a registry observation, through the same executor as the
 * API, one entry at a time: memory holds one entry's document. A bad entry or version is reported (`onIssue`) and
 * the rest goes on; an entry already recorded appends nothing again (the executor knows a version by its digest).
 */
export const importSource = async (
  executor: TrialCommandExecutor,
  source: ImportSource,
  options: SourceImportOptions,
  hooks: ImportHooks,
): Promise<ImportOutcome> => {
  const { skip = 0, signal, ...meta } = options;
  const tally: ImportTally = { entries: skip, skipped: skip, versions: 0, recorded: 0, newTrials: 0, issues: 0 };
  const report = (issue: ImportIssue) => {
    tally.issues += 1;
    hooks.onIssue(issue);
  };
  if (signal?.aborted) return { ...tally, interrupted: true };
  for await (const entry of source.entries(skip)) {
    const { snapshots, issues } = documentOf(entry);
    issues.forEach(report);
    for (const snapshot of snapshots) {
      const outcome = await importSnapshot(executor, snapshot, meta);
      tally.versions += 1;
      outcome.issues.forEach(report);
      if (!outcome.recorded) continue;
      tally.recorded += 1;
      tally.newTrials += outcome.newTrial ? 1 : 0;
      hooks.onRecorded?.(snapshot.nctId);
    }
    tally.entries = entry.index + 1;
    await hooks.onEntryDone?.(tally);
    if (signal?.aborted) return { ...tally, interrupted: true };
  }
  return { ...tally, interrupted: false };
};
