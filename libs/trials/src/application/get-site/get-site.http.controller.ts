import { Controller, Get, Param, Query as QueryParams } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Site } from '@trial-ledger/domain';
import { ApiProblems, ApiReadAnswer, READ_PROBLEMS, Roles } from '@trial-ledger/platform';
import { NctIdPipe, SiteIdPipe } from '../../http/nct-id.pipe';
import { MinRevisionDto } from '../get-trial/get-trial.dto';
import { GetSiteQuery } from './get-site.query';

/** Where AddSite's Location points. */
@ApiTags('queries')
@ApiBearerAuth()
@Controller('trials/:nctId/sites')
export class GetSiteHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get(':siteId')
  @ApiReadAnswer('Site')
  @ApiProblems(...READ_PROBLEMS)
  @Roles('reader', 'operator', 'auditor')
  @ApiOperation({ summary: "One site of a trial's current state; 404 once removed" })
  get(
    @Param('nctId', NctIdPipe) nctId: string,
    @Param('siteId', SiteIdPipe) siteId: string,
    @QueryParams() query: MinRevisionDto,
  ): Promise<Site> {
    return this.queryBus.execute(new GetSiteQuery(nctId, siteId, query.minRevision));
  }
}
