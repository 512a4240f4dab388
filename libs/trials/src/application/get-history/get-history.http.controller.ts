import { Controller, Get, Param, Query as QueryParams } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems, ApiReadAnswer, READ_PROBLEMS, Roles } from '@trial-ledger/platform';
import { NctIdPipe } from '../../http/nct-id.pipe';
import { RecordAccess } from '../../http/record-access.interceptor';
import { GetHistoryQuery, TrialHistory } from './get-history.query';
import { GetHistoryDto, toHistoryFilter } from './history-filter.dto';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('trials')
export class GetHistoryHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get(':nctId/history')
  @ApiReadAnswer('TrialHistory')
  @ApiProblems(...READ_PROBLEMS)
  @Roles('operator', 'auditor')
  @RecordAccess('history.read')
  @ApiOperation({
    summary: 'Audit trail: one entry per event, with actor, reason, dates and field changes',
    description: 'Filters combine with AND; from is inclusive and to exclusive, both on the recorded time (UTC).',
  })
  history(@Param('nctId', NctIdPipe) nctId: string, @QueryParams() query: GetHistoryDto): Promise<TrialHistory> {
    return this.queryBus.execute(new GetHistoryQuery(nctId, query.minRevision, toHistoryFilter(query)));
  }
}
