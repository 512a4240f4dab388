import { Injectable } from '@nestjs/common';
import { ACCESS_LOG_WRITERS, AccessEntry, AccessLogFilters, ExportFormat } from '@trial-ledger/compliance';
import { Clock } from '@trial-ledger/ledger';
import { AccessLog, AccessLogPage } from '../access-log/access-log.port';

/** Instants as the store compares them: UTC with milliseconds, whatever zone the caller wrote. */
const normalized = ({ nctId, action, from, to }: AccessLogFilters): AccessLogFilters => ({
  ...(nctId !== undefined ? { nctId } : {}),
  ...(action !== undefined ? { action } : {}),
  ...(from !== undefined ? { from: new Date(from).toISOString() } : {}),
  ...(to !== undefined ? { to: new Date(to).toISOString() } : {}),
});

// The store pages; an export reads every page, a bounded number of entries at a time.
const EXPORT_PAGE = 1000;

export interface AccessLogFile {
  contentType: string;
  filename: string;
  body: string;
}

/** The auditor's reads of the access log: a page of it, or all of it that matches, as a file. */
@Injectable()
export class AccessLogQueries {
  constructor(
    private readonly log: AccessLog,
    private readonly clock: Clock,
  ) {}

  page(filters: AccessLogFilters, limit: number, offset: number): Promise<AccessLogPage> {
    return this.log.list({ ...normalized(filters), limit, offset });
  }

  async export(filters: AccessLogFilters, format: ExportFormat, exportedBy: string): Promise<AccessLogFile> {
    const applied = normalized(filters);
    const entries: AccessEntry[] = [];
    for (let offset = 0; ; offset += EXPORT_PAGE) {
      const { items, total } = await this.log.list({ ...applied, limit: EXPORT_PAGE, offset });
      entries.push(...items);
      if (items.length === 0 || offset + items.length >= total) break;
    }
    const writer = ACCESS_LOG_WRITERS[format];
    const exportedAt = this.clock.now().toISOString();
    const body = writer.write({ exportedAt, exportedBy, filters: applied, entries });
    return { contentType: writer.contentType, filename: `access-log.${writer.extension}`, body };
  }
}
