import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { EventStore, LogCheckpoints } from '@trial-ledger/event-store';
import { Clock } from '@trial-ledger/ledger';
import { GetHistoryQuery } from '../get-history/get-history.query';
import { HistoryEntry, appliedFilters } from '@trial-ledger/read-models';
import { EXPORT_WRITERS } from '@trial-ledger/compliance';
import { AuditExportFile, ExportHistoryQuery } from './export-history.query';
import { exportIntegrity } from './export-integrity';

/** The same entries the history route answers with (same read, same filter, same 404), written as a file. */
@QueryHandler(ExportHistoryQuery)
export class ExportHistoryHandler implements IQueryHandler<ExportHistoryQuery, AuditExportFile> {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly clock: Clock,
    private readonly store: EventStore,
    @Inject(LogCheckpoints) private readonly checkpoints: LogCheckpoints | null,
  ) {}

  async execute({ nctId, format, filter, exportedBy, minRevision }: ExportHistoryQuery): Promise<AuditExportFile> {
    const { entries } = await this.queryBus.execute(new GetHistoryQuery(nctId, minRevision, filter));
    const writer = EXPORT_WRITERS[format];
    const revisions = entries.map((e: HistoryEntry) => e.revision);
    const body = writer.write({
      nctId,
      exportedAt: this.clock.now().toISOString(),
      exportedBy,
      filters: appliedFilters(filter),
      entries,
      // Only the JSON format carries it: CSV and ODM have no room for the chain.
      ...(format === 'json' ? { integrity: await exportIntegrity(this.store, this.checkpoints, nctId, revisions) } : {}),
    });
    return { contentType: writer.contentType, filename: `${nctId}-audit-trail.${writer.extension}`, body };
  }
}
