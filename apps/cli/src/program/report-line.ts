import { ImportIssue } from '@trial-ledger/importer';

/**
 * The one format of a reported line, whatever reported it (import, sync): where (the file, `zip!entry` or
 * `file:line`, or the page's URL), the record, the field, and why.
 */
export const reportLine = ({ file, record, field, message }: ImportIssue): string =>
  `${file}: record ${record}, field ${field}: ${message}\n`;
