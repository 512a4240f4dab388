import { Controller, Get, Param, Query as QueryParams, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems, Caller, CurrentCaller, READ_PROBLEMS, Roles } from '@trial-ledger/platform';
import { NctIdPipe } from '../../http/nct-id.pipe';
import { RecordAccess } from '../../http/record-access.interceptor';
import { toHistoryFilter } from '../get-history/history-filter.dto';
import { ExportHistoryDto } from './export-history.dto';
import { AuditExportFile, ExportHistoryQuery } from './export-history.query';

type HeaderSink = { header(name: string, value: string): unknown };
const TEXT = { schema: { type: 'string' } } as const;

@ApiTags('audit')
@ApiBearerAuth()
@Controller('trials')
export class ExportHistoryHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get(':nctId/history/export')
  @ApiProblems(...READ_PROBLEMS)
  @Roles('operator', 'auditor')
  @RecordAccess('history.export')
  @ApiOperation({
    summary: 'Audit trail as a file to hand on: JSON, CSV or CDISC ODM-style XML',
    description: 'Takes the history filters; from is inclusive and to exclusive, both on the recorded time (UTC).',
  })
  @ApiOkResponse({
    description: 'Sent as an attachment named <NCT ID>-audit-trail.<json|csv|xml>',
    content: { 'application/json': { schema: { type: 'object' } }, 'text/csv': TEXT, 'application/xml': TEXT },
  })
  async export(
    @Param('nctId', NctIdPipe) nctId: string,
    @QueryParams() query: ExportHistoryDto,
    @CurrentCaller() caller: Caller,
    @Res({ passthrough: true }) res: HeaderSink,
  ): Promise<string> {
    const file: AuditExportFile = await this.queryBus.execute(
      new ExportHistoryQuery(nctId, query.format, toHistoryFilter(query), caller.sub, query.minRevision),
    );
    res.header('Content-Type', file.contentType);
    // The name is built from a validated NCT ID and a fixed suffix, so it needs no quoting beyond the quotes.
    res.header('Content-Disposition', `attachment; filename="${file.filename}"`);
    // An audit trail is not to be kept by shared caches or the browser's history.
    res.header('Cache-Control', 'no-store');
    return file.body;
  }
}
