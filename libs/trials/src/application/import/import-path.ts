import { DomainError } from '@trial-ledger/domain';
import { RecordedEvent } from '@trial-ledger/event-store';
import { ImportIssue, RecordError, TrialSnapshot, mapRecord, planImport, readImportPath } from '@trial-ledger/importer';
import { TrialCommandExecutor } from '../shared/trial-command-executor';

const IMPORTER_ROLE = 'importer';

export interface ImportReport {
  snapshots: number;
  commands: number;
  issues: ImportIssue[];
  summary: string;
}

const recordOf = (snapshot: TrialSnapshot): string => snapshot.nctId || '(no nctId)';

/**
 * Each imported event carries its snapshot's date as effective date, or none when the snapshot was undated,
 * that is "as of" the day it was recorded. A snapshot older than one already imported is history already
 * recorded: planned against today's state it would set the old values again, so re-importing a trial's
 * snapshots (the seeds) appended changes back and forth instead of nothing.
 */
const isOlderThanImported = (snapshot: TrialSnapshot, events: RecordedEvent[]): boolean => {
  const imported = events.filter((e) => e.metadata.role === IMPORTER_ROLE)
    .map((e) => e.metadata.effectiveDate ?? e.metadata.recordedAt.slice(0, 10));
  return snapshot.asOf !== null && imported.some((date) => (snapshot.asOf as string) < date);
};

/**
 * Two different records of a trial dated the same day cannot both be its state that day; importing both made
 * every re-import switch between them. The last one read is imported and the others are reported.
 */
const sameDayConflicts = (snapshots: TrialSnapshot[]): { kept: TrialSnapshot[]; issues: ImportIssue[] } => {
  const key = (s: TrialSnapshot) => `${s.nctId}|${s.asOf}`;
  const last = new Map(snapshots.filter((s) => s.asOf !== null).map((s) => [key(s), s]));
  const issues: ImportIssue[] = [];
  const kept = snapshots.filter((s) => {
    const winner = s.asOf === null ? s : last.get(key(s)) ?? s;
    if (winner !== s && JSON.stringify(winner.record) !== JSON.stringify(s.record)) {
      issues.push({ file: s.source, record: recordOf(s), field: '(snapshot)', message: `${winner.source} has another record of the same date, imported instead` });
    }
    return winner === s;
  });
  return { kept, issues };
};

/** The commands one snapshot needs; a bad record or a refused command is an issue, anything else a bug. */
type Outcome = { commands: number; issue?: ImportIssue };
const importSnapshot = async (executor: TrialCommandExecutor, snapshot: TrialSnapshot, meta: { actor: string; correlationId?: string }): Promise<Outcome> => {
  const outcome: Outcome = { commands: 0 };
  try {
    const target = mapRecord(snapshot);
    const { state, events } = await executor.load(target.nctId);
    if (isOlderThanImported(snapshot, events)) return outcome;
    for (const planned of planImport(state, target, snapshot)) {
      await executor.execute(planned.command, { ...meta, role: IMPORTER_ROLE, reason: planned.reason, effectiveDate: planned.effectiveDate });
      outcome.commands += 1;
    }
  } catch (error) {
    if (!(error instanceof RecordError) && !(error instanceof DomainError)) throw error;
    const field = error instanceof RecordError ? error.field : '(command)';
    outcome.issue = { file: snapshot.source, record: recordOf(snapshot), field, message: error.message };
  }
  return outcome;
};

/**
 * Imports every snapshot under `path` through the same executor as the API, so every rule of the domain
 * applies. A bad record or a refused command is reported with the record and the field; the rest go on.
 */
export const importPath = async (executor: TrialCommandExecutor, path: string, actor: string, correlationId?: string): Promise<ImportReport> => {
  const read = readImportPath(path);
  const { kept, issues: conflicts } = sameDayConflicts(read.snapshots);
  const issues = [...read.issues, ...conflicts];
  let commands = 0;
  for (const snapshot of kept) {
    const outcome = await importSnapshot(executor, snapshot, { actor, correlationId });
    commands += outcome.commands;
    if (outcome.issue) issues.push(outcome.issue);
  }
  const summary = `${read.snapshots.length} snapshots, ${commands} commands applied, ${issues.length} issues`;
  return { snapshots: read.snapshots.length, commands, issues, summary };
};
