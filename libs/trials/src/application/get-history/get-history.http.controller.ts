import { Controller, Get, Param, Query as QueryParams } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@trial-ledger/platform';
import { NctIdPipe } from '../../http/nct-id.pipe';
import { MinRevisionDto } from '../get-trial/get-trial.dto';
import { GetHistoryQuery, TrialHistory } from './get-history.query';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('trials')
export class GetHistoryHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get(':nctId/history')
  @Roles('operator', 'auditor')
  @ApiOperation({ summary: 'Audit trail: one entry per event, with actor, reason, dates and field changes' })
  history(@Param('nctId', NctIdPipe) nctId: string, @QueryParams() query: MinRevisionDto): Promise<TrialHistory> {
    return this.queryBus.execute(new GetHistoryQuery(nctId, query.minRevision));
  }
}
