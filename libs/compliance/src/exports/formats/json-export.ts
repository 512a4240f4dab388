import { AuditExport } from './audit-export';

/**
 * The entries exactly as the history route serves them, inside an envelope saying what the file is:
 * the trial, when and by whom it was exported, the filters applied and how many entries it holds, and (when
 * given) what checks it offline: each entry's hash-chain link and the latest signed checkpoint with the trial's
 * proof. Indented, because the file is meant to be opened and read by people as well as programs.
 */
export const writeJsonExport = ({ nctId, exportedAt, exportedBy, filters, entries, integrity }: AuditExport): string =>
  `${JSON.stringify({ nctId, exportedAt, exportedBy, filters, entryCount: entries.length, entries, integrity }, null, 2)}\n`;
