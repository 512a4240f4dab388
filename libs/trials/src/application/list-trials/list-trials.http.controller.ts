import { Controller, Get, Query as QueryParams } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems, ApiReadAnswer, Roles } from '@trial-ledger/platform';
import { Page } from '@trial-ledger/read-models';
import { TrialSummary } from '@trial-ledger/read-models';
import { ListTrialsQuery } from './list-trials.query';
import { ListTrialsDto } from './list-trials.dto';

@ApiTags('queries')
@ApiBearerAuth()
@Controller('trials')
export class ListTrialsHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  @ApiReadAnswer('TrialPage')
  @ApiProblems(400, 401, 403, 429, 503)
  @Roles('reader', 'operator', 'auditor')
  @ApiOperation({ summary: 'List trials, filtered by status, condition and country, paginated' })
  list(@QueryParams() q: ListTrialsDto): Promise<Page<TrialSummary>> {
    const filter = { status: q.status, condition: q.condition, country: q.country, limit: q.limit ?? 20, offset: q.offset ?? 0 };
    return this.queryBus.execute(new ListTrialsQuery(filter, q.minPosition));
  }
}
