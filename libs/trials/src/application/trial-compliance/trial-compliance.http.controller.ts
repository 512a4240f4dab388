import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems, ApiReadAnswer, READ_PROBLEMS, Roles } from '@trial-ledger/platform';
import { NctIdPipe } from '../../http/nct-id.pipe';
import { TrialComplianceReport } from '@trial-ledger/compliance';
import { TrialComplianceQuery } from './trial-compliance.query';
import { AsOfDateDto } from '../../http/as-of-date.dto';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('trials')
export class TrialComplianceHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get(':nctId/compliance')
  @ApiReadAnswer('TrialComplianceReport')
  @ApiProblems(...READ_PROBLEMS)
  @Roles('operator', 'auditor')
  @ApiOperation({
    summary: 'Compliance reports for one trial: time in each status, records entered after the 30-day window, verification due',
  })
  compliance(@Param('nctId', NctIdPipe) nctId: string, @Query() q: AsOfDateDto): Promise<TrialComplianceReport> {
    return this.queryBus.execute(new TrialComplianceQuery(nctId, q.asOf));
  }
}
