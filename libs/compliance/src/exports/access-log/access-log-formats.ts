import { ExportFormat, ExportWriter } from '../export-formats';
import { csvCell } from '../formats/csv-export';
import { xmlAttr, xmlText } from '../formats/xml-escape';
import { ODM_NAMESPACE, TL_NAMESPACE } from '../formats/odm-export';
import { AccessEntry, AccessLogExport } from './access-entry';

export const ACCESS_LOG_CSV_COLUMNS = ['id', 'at', 'actor', 'role', 'channel', 'action', 'nctId', 'parameters'] as const;

/** The entries as the listing serves them, in an envelope saying who exported them, when and how filtered. */
const writeJson = ({ exportedAt, exportedBy, filters, entries }: AccessLogExport): string =>
  `${JSON.stringify({ exportedAt, exportedBy, filters, entryCount: entries.length, entries }, null, 2)}\n`;

const csvRow = (cells: readonly unknown[]): string => `${cells.map(csvCell).join(',')}\r\n`;

/** One row per access; the parameters as JSON text in one cell, so none is lost to a fixed set of columns. */
const writeCsv = ({ entries }: AccessLogExport): string =>
  [
    csvRow(ACCESS_LOG_CSV_COLUMNS),
    ...entries.map((e) => csvRow([e.id, e.at, e.actor, e.role, e.channel, e.action, e.nctId, JSON.stringify(e.parameters)])),
  ].join('');

const attr = (name: string, value: string | number | null): string => (value === null ? '' : ` ${name}="${xmlAttr(String(value))}"`);

// ODM's AuditRecord has who (UserRef), when (DateTimeStamp) and a source; what was read and how is ours (tl:).
const auditRecord = (e: AccessEntry): string[] => [
  `<AuditRecord${attr('ID', `AL.${e.id}`)}${attr('tl:Action', e.action)}${attr('tl:Role', e.role)}${attr('tl:Channel', e.channel)}${attr('tl:StudyOID', e.nctId)}>`,
  `  <UserRef${attr('UserOID', e.actor)}/>`,
  `  <DateTimeStamp>${xmlText(e.at)}</DateTimeStamp>`,
  `  <SourceID>${xmlText(`access-log/${e.id}`)}</SourceID>`,
  ...Object.entries(e.parameters).map(([name, value]) => `  <tl:Parameter${attr('Name', name)}${attr('Value', String(value))}/>`),
  '</AuditRecord>',
];

/** An ODM 1.3.2-style document: one AuditRecord per access, under AdminData-free ClinicalData of the ledger. */
const writeOdm = ({ exportedAt, exportedBy, filters, entries }: AccessLogExport): string =>
  [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<ODM xmlns="${ODM_NAMESPACE}" xmlns:tl="${TL_NAMESPACE}" ODMVersion="1.3.2" FileType="Snapshot"` +
      `${attr('FileOID', `TL.AccessLog.${exportedAt}`)}${attr('CreationDateTime', exportedAt)} SourceSystem="Trial Ledger">`,
    `  <tl:Export${attr('ExportedBy', exportedBy)}${attr('EntryCount', entries.length)}${attr('StudyOID', filters.nctId ?? null)}` +
      `${attr('Action', filters.action ?? null)}${attr('From', filters.from ?? null)}${attr('To', filters.to ?? null)}/>`,
    '  <ClinicalData StudyOID="TL.AccessLog" MetaDataVersionOID="TL.AccessLog.v1">',
    '    <AuditRecords>',
    ...entries.flatMap(auditRecord).map((line) => `      ${line}`),
    '    </AuditRecords>',
    '  </ClinicalData>',
    '</ODM>',
    '',
  ].join('\n');

/** The access log in the history export's three formats, with the same content types and extensions. */
export const ACCESS_LOG_WRITERS: Readonly<Record<ExportFormat, Omit<ExportWriter, 'write'> & { write(doc: AccessLogExport): string }>> = {
  json: { contentType: 'application/json', extension: 'json', write: writeJson },
  csv: { contentType: 'text/csv; charset=utf-8', extension: 'csv', write: writeCsv },
  odm: { contentType: 'application/xml', extension: 'xml', write: writeOdm },
};
