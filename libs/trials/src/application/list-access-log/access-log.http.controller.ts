import { Controller, Get, Query as QueryParams, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems, ApiReadAnswer, Caller, CurrentCaller, ProblemStatus, Roles } from '@trial-ledger/platform';
import { AccessLogPage } from '../access-log/access-log.port';
import { AccessLogExportDto, AccessLogFilterDto, AccessLogPageDto } from './access-log.dto';
import { AccessLogQueries } from './access-log.queries';
import { RecordAccess } from '../../http/record-access.interceptor';

type HeaderSink = { header(name: string, value: string): unknown };
const TEXT = { schema: { type: 'string' } } as const;
// Its query, authentication, role (auditors only), rate, and the access log's store away.
const PROBLEMS: ProblemStatus[] = [400, 401, 403, 429, 503];

const filtersOf = ({ nctId, action, from, to }: AccessLogFilterDto) => ({ nctId, action, from, to });

@ApiTags('audit')
@ApiBearerAuth()
@Controller('access-log')
export class AccessLogHttpController {
  constructor(private readonly queries: AccessLogQueries) {}

  @Get()
  @ApiReadAnswer('AccessLogPage')
  @ApiProblems(...PROBLEMS)
  @Roles('auditor')
  @RecordAccess('access-log.read')
  @ApiOperation({
    summary: 'Who read, exported or replayed an audit trail, and the skips of events the read models could not apply',
    description:
      'In the order recorded. Filters combine with AND; from is inclusive and to exclusive (UTC). ' +
      'Each listing is recorded itself (access-log.read, the filters as parameters), after its answer is read.',
  })
  list(@QueryParams() query: AccessLogPageDto): Promise<AccessLogPage> {
    return this.queries.page(filtersOf(query), query.limit ?? 50, query.offset ?? 0);
  }

  @Get('export')
  @ApiProblems(...PROBLEMS)
  @Roles('auditor')
  @RecordAccess('access-log.export')
  @ApiOperation({
    summary: 'The access log as a file to hand on, in the formats of the audit-trail export; the export is recorded (access-log.export)',
  })
  @ApiOkResponse({
    description: 'Sent as an attachment named access-log.<json|csv|xml>',
    content: { 'application/json': { schema: { type: 'object' } }, 'text/csv': TEXT, 'application/xml': TEXT },
  })
  async export(
    @QueryParams() query: AccessLogExportDto,
    @CurrentCaller() caller: Caller,
    @Res({ passthrough: true }) res: HeaderSink,
  ): Promise<string> {
    const file = await this.queries.export(filtersOf(query), query.format, caller.sub);
    res.header('Content-Type', file.contentType);
    res.header('Content-Disposition', `attachment; filename="${file.filename}"`);
    res.header('Cache-Control', 'no-store');
    return file.body;
  }
}
