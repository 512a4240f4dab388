import { RegistryVersion } from '@trial-ledger/domain';
import { parseDocumentText } from '../parse-document';
import { Omission } from '../map-record';
import { registryVersionOf } from '../registry-version-of';
import { ImportIssue, RecordError, TrialSnapshot } from '../snapshot';
import { SourceEntry } from '../source';

/** One version of an entry, mapped to what the ledger records, or the field that kept it from being mapped. */
export type PreparedVersion = Pick<TrialSnapshot, 'nctId' | 'source' | 'version' | 'postedDate'> &
  ({ registryVersion: RegistryVersion; omitted: Omission[] } | { error: { field: string; message: string } });

/** An entry of a source made ready to record: its versions in posted order, and the lines its document brought. */
export interface PreparedEntry {
  index: number;
  name: string;
  versions: PreparedVersion[];
  issues: ImportIssue[];
}

/** One version mapped, or the field that kept it from being mapped (a RecordError; anything else is a defect and thrown). */
export const prepareVersion = (snapshot: TrialSnapshot): PreparedVersion => {
  const { nctId, source, version, postedDate } = snapshot;
  try {
    const { version: registryVersion, omitted } = registryVersionOf(snapshot);
    return { nctId, source, version, postedDate, registryVersion, omitted };
  } catch (error) {
    if (!(error instanceof RecordError)) throw error;
    return { nctId, source, version, postedDate, error: { field: error.field, message: error.message } };
  }
};

/**
 * The CPU-heavy half of an import, with no store in sight: parse the entry's JSON and map every version it holds.
 * Being pure data in and out, it runs as well in a thread of its own (PreparePool) as in the caller's.
 */
export const prepareEntry = (entry: SourceEntry): PreparedEntry => {
  const { index, name } = entry;
  if ('problem' in entry) {
    const issue = { file: name, record: '(entry)', field: '(file)', message: `${entry.problem}; nothing of it recorded` };
    return { index, name, versions: [], issues: [issue] };
  }
  const { snapshots, issues } = parseDocumentText(entry.text, name);
  return { index, name, versions: snapshots.map(prepareVersion), issues };
};
