import { FieldChange } from '@trial-ledger/domain';
import { HistoryEntry, changeDateOf } from '@trial-ledger/read-models';
import { AuditExport, valueText } from './audit-export';
import { xmlAttr, xmlText } from './xml-escape';

export const ODM_NAMESPACE = 'http://www.cdisc.org/ns/odm/v1.3';
/** Our own namespace for what ODM has no element for; consumers that do not know it can skip it. */
export const TL_NAMESPACE = 'https://trial-ledger.dev/ns/odm-audit/v1';

type Attributes = Record<string, string | number | null | undefined>;

/** Absent attributes are left out, so that "no value" (null) and "an empty value" ("") stay distinct. */
const attributes = (pairs: Attributes): string =>
  Object.entries(pairs)
    .filter((pair): pair is [string, string | number] => pair[1] !== null && pair[1] !== undefined)
    .map(([name, value]) => ` ${name}="${xmlAttr(String(value))}"`)
    .join('');

const textElement = (name: string, value: string): string => `<${name}>${xmlText(value)}</${name}>`;

// CDISC ODM 1.3.2 has no old and new value in an AuditRecord: there, an audit record hangs off the ItemData
// whose new value it explains. Our entries are events with several field changes each, so each change is a
// tl:FieldChange extension element; OldValue or NewValue is absent where the field had no value. A registry
// version's changes each carry the business date of their own field (EffectiveDate), as they may differ.
const fieldChange = (entry: HistoryEntry, change: FieldChange): string => {
  const effective = entry.postedDate === null ? null : changeDateOf(entry, change.field);
  return `<tl:FieldChange${attributes({ Field: change.field, OldValue: valueText(change.from), NewValue: valueText(change.to), EffectiveDate: effective })}/>`;
};

// ODM 1.3.2 also requires a LocationRef; the ledger records no location, so it is left out (hence "ODM-style").
const auditRecord = (entry: HistoryEntry): string[] => [
  `<AuditRecord${attributes({
    ID: `AR.${entry.revision}`,
    'tl:Revision': entry.revision,
    'tl:EventType': entry.type,
    'tl:Role': entry.role,
    'tl:EffectiveDate': entry.effectiveDate,
    'tl:PostedDate': entry.postedDate,
  })}>`,
  `  <UserRef${attributes({ UserOID: entry.actor })}/>`,
  `  ${textElement('DateTimeStamp', entry.recordedAt)}`,
  ...(entry.reason === null ? [] : [`  ${textElement('ReasonForChange', entry.reason)}`]),
  `  ${textElement('SourceID', entry.eventId)}`,
  ...entry.changes.map((change) => `  ${fieldChange(entry, change)}`),
  '</AuditRecord>',
];

const exportInfo = ({ exportedBy, filters, entries }: AuditExport): string =>
  `<tl:Export${attributes({
    ExportedBy: exportedBy,
    EntryCount: entries.length,
    Type: filters.type?.join(','),
    Actor: filters.actor,
    From: filters.from,
    To: filters.to,
  })}/>`;

const indent =
  (spaces: number) =>
  (line: string): string =>
    `${' '.repeat(spaces)}${line}`;

/** A CDISC ODM 1.3.2-style Snapshot: one AuditRecord per event, in ClinicalData/AuditRecords of the trial. */
export const writeOdmExport = (doc: AuditExport): string =>
  [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<ODM${attributes({
      xmlns: ODM_NAMESPACE,
      'xmlns:tl': TL_NAMESPACE,
      ODMVersion: '1.3.2',
      FileType: 'Snapshot',
      FileOID: `TL.${doc.nctId}.AuditTrail.${doc.exportedAt}`,
      CreationDateTime: doc.exportedAt,
      SourceSystem: 'Trial Ledger',
    })}>`,
    indent(2)(exportInfo(doc)),
    `  <ClinicalData${attributes({ StudyOID: doc.nctId, MetaDataVersionOID: 'TL.AuditTrail.v1' })}>`,
    '    <AuditRecords>',
    ...doc.entries.flatMap(auditRecord).map(indent(6)),
    '    </AuditRecords>',
    '  </ClinicalData>',
    '</ODM>',
    '',
  ].join('\n');
