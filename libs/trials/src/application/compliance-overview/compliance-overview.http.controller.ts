import { Controller, Get, Query as QueryParams } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems, ApiReadAnswer, Roles } from '@trial-ledger/platform';
import { ComplianceOverviewDto } from './compliance-overview.dto';
import { ComplianceOverview, ComplianceOverviewQuery } from './compliance-overview.query';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('compliance')
export class ComplianceOverviewHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  @ApiReadAnswer('ComplianceOverview')
  @ApiProblems(400, 401, 403, 429, 503)
  @Roles('operator', 'auditor')
  @ApiOperation({ summary: 'Compliance across trials: a summary per trial (paginated) and totals over all trials' })
  overview(@QueryParams() q: ComplianceOverviewDto): Promise<ComplianceOverview> {
    return this.queryBus.execute(new ComplianceOverviewQuery(q.limit ?? 20, q.offset ?? 0, q.minPosition, q.asOf));
  }
}
