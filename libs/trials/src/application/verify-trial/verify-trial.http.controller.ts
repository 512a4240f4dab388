import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems, ApiReadAnswer, READ_PROBLEMS, Roles } from '@trial-ledger/platform';
import { NctIdPipe } from '../../http/nct-id.pipe';
import { TrialVerification, VerifyTrialQuery } from './verify-trial.query';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('trials')
export class VerifyTrialHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  // 200 with verified=false for a broken chain: the check itself succeeded, its finding is the answer.
  @Get(':nctId/verify')
  @ApiReadAnswer('TrialVerification')
  @ApiProblems(...READ_PROBLEMS)
  @Roles('operator', 'auditor')
  @ApiOperation({ summary: "Tamper evidence: recompute the trial's hash chain and name the first broken revision" })
  verify(@Param('nctId', NctIdPipe) nctId: string): Promise<TrialVerification> {
    return this.queryBus.execute(new VerifyTrialQuery(nctId));
  }
}
