import { Query } from '@nestjs/cqrs';
import { HistoryFilter } from '@trial-ledger/read-models';
import { ExportFormat } from '@trial-ledger/compliance';

/** A finished export: the bytes to send and how to label them. */
export interface AuditExportFile {
  contentType: string;
  filename: string;
  body: string;
}

export class ExportHistoryQuery extends Query<AuditExportFile> {
  constructor(
    readonly nctId: string,
    readonly format: ExportFormat,
    readonly filter: HistoryFilter,
    /** The authenticated subject, recorded in the export; never taken from the query string. */
    readonly exportedBy: string,
    readonly minRevision?: number,
  ) {
    super();
  }
}
