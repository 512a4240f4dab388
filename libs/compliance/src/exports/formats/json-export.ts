import { AuditExport } from './audit-export';

/**
 * The entries exactly as the history route serves them, inside an envelope saying what the file is:
 * the trial, when and by whom it was exported, the filters applied and how many entries it holds.
 * Indented, because the file is meant to be opened and read by people as well as programs.
 */
export const writeJsonExport = ({ nctId, exportedAt, exportedBy, filters, entries }: AuditExport): string =>
  `${JSON.stringify({ nctId, exportedAt, exportedBy, filters, entryCount: entries.length, entries }, null, 2)}\n`;
