import { IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { Clock } from '@trial-ledger/ledger';
import { GetHistoryQuery } from '../get-history/get-history.query';
import { appliedFilters } from '@trial-ledger/read-models';
import { EXPORT_WRITERS } from '@trial-ledger/compliance';
import { AuditExportFile, ExportHistoryQuery } from './export-history.query';

/** The same entries the history route answers with (same read, same filter, same 404), written as a file. */
@QueryHandler(ExportHistoryQuery)
export class ExportHistoryHandler implements IQueryHandler<ExportHistoryQuery, AuditExportFile> {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly clock: Clock,
  ) {}

  async execute({ nctId, format, filter, exportedBy, minRevision }: ExportHistoryQuery): Promise<AuditExportFile> {
    const { entries } = await this.queryBus.execute(new GetHistoryQuery(nctId, minRevision, filter));
    const writer = EXPORT_WRITERS[format];
    const body = writer.write({
      nctId,
      exportedAt: this.clock.now().toISOString(),
      exportedBy,
      filters: appliedFilters(filter),
      entries,
    });
    return { contentType: writer.contentType, filename: `${nctId}-audit-trail.${writer.extension}`, body };
  }
}
