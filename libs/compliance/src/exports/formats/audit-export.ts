import { HistoryEntry } from '@trial-ledger/read-models';
import { AppliedFilters } from '@trial-ledger/read-models';

/** What every export format writes: the entries, and who exported them, when and with which filters. */
export interface AuditExport {
  nctId: string;
  /** UTC, from the injected clock. */
  exportedAt: string;
  /** The authenticated subject that asked for the export. */
  exportedBy: string;
  filters: AppliedFilters;
  entries: HistoryEntry[];
}

/**
 * A recorded value as text. Absent (null) stays null so that each format can leave it out its own way;
 * objects and arrays become JSON text, so that a list such as conditions is not flattened into prose.
 */
export const valueText = (value: unknown): string | null => {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
};
