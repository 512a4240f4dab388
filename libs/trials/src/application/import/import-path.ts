import { DomainError } from '@trial-ledger/domain';
import { ImportIssue, RecordError, mapRecord, planImport, readImportPath } from '@trial-ledger/importer';
import { TrialCommandExecutor } from '../shared/trial-command-executor';

export interface ImportReport {
  snapshots: number;
  commands: number;
  issues: ImportIssue[];
  summary: string;
}

/**
 * Imports every snapshot under `path` through the same executor as the API, so every rule of the domain
 * applies. A bad record or a refused command is reported with the record and the field; the rest go on.
 */
export const importPath = async (executor: TrialCommandExecutor, path: string, actor: string, correlationId?: string): Promise<ImportReport> => {
  const { snapshots, issues } = readImportPath(path);
  let commands = 0;
  for (const snapshot of snapshots) {
    const file = snapshot.source;
    try {
      const target = mapRecord(snapshot);
      const { state } = await executor.load(target.nctId);
      for (const planned of planImport(state, target, snapshot)) {
        await executor.execute(planned.command, {
          actor, role: 'importer', reason: planned.reason, effectiveDate: planned.effectiveDate, correlationId,
        });
        commands += 1;
      }
    } catch (error) {
      if (!(error instanceof RecordError) && !(error instanceof DomainError)) throw error;
      const field = error instanceof RecordError ? error.field : '(command)';
      issues.push({ file, record: snapshot.nctId || '(no nctId)', field, message: error.message });
    }
  }
  const summary = `${snapshots.length} snapshots, ${commands} commands applied, ${issues.length} issues`;
  return { snapshots: snapshots.length, commands, issues, summary };
};
