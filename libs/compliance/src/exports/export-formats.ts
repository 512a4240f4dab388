import { AuditExport } from './formats/audit-export';
import { writeCsvExport } from './formats/csv-export';
import { writeJsonExport } from './formats/json-export';
import { writeOdmExport } from './formats/odm-export';

export const EXPORT_FORMATS = ['json', 'csv', 'odm'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportWriter {
  contentType: string;
  extension: string;
  write(doc: AuditExport): string;
}

export const EXPORT_WRITERS: Readonly<Record<ExportFormat, ExportWriter>> = {
  json: { contentType: 'application/json', extension: 'json', write: writeJsonExport },
  csv: { contentType: 'text/csv; charset=utf-8', extension: 'csv', write: writeCsvExport },
  odm: { contentType: 'application/xml', extension: 'xml', write: writeOdmExport },
};
