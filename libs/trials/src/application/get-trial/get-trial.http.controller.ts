import { Controller, Get, Param, Query as QueryParams, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems, ApiReadAnswer, READ_PROBLEMS, Roles } from '@trial-ledger/platform';
import { NctIdPipe } from '../../http/nct-id.pipe';
import { TrialView } from '@trial-ledger/read-models';
import { GetTrialQuery } from './get-trial.query';
import { MinRevisionDto } from './get-trial.dto';

@ApiTags('queries')
@ApiBearerAuth()
@Controller('trials')
export class GetTrialHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get(':nctId')
  @ApiReadAnswer('TrialView', { etag: true })
  @ApiProblems(...READ_PROBLEMS)
  @Roles('reader', 'operator', 'auditor')
  @ApiOperation({ summary: 'Current state of a trial (ETag = revision)' })
  async get(
    @Param('nctId', NctIdPipe) nctId: string,
    @QueryParams() query: MinRevisionDto,
    @Res({ passthrough: true }) res: { header(n: string, v: string): unknown },
  ): Promise<TrialView> {
    const trial = await this.queryBus.execute(new GetTrialQuery(nctId, query.minRevision));
    res.header('ETag', `"${trial.revision}"`);
    return trial;
  }
}
