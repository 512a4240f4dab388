import { Controller, Get, Param, Query as QueryParams } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles, badRequest } from '@trial-ledger/platform';
import { NctIdPipe } from '../../http/nct-id.pipe';
import { GetStateAtQuery, ReplayPoint, TrialStateAt } from './get-state-at.query';
import { GetStateAtDto } from './get-state-at.dto';

const replayPoint = ({ revision, asOf }: GetStateAtDto): ReplayPoint => {
  if (revision !== undefined && asOf !== undefined) throw badRequest('asOf', 'give either revision or asOf, not both');
  if (revision !== undefined) return { revision };
  if (asOf === undefined) return { latest: true };
  const instant = new Date(asOf);
  if (Number.isNaN(instant.getTime())) throw badRequest('asOf', 'is not a real instant');
  return { asOf: instant };
};

@ApiTags('audit')
@ApiBearerAuth()
@Controller('trials')
export class GetStateAtHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get(':nctId/state')
  @Roles('operator', 'auditor')
  @ApiOperation({ summary: 'Replay: the trial as it was at a revision or an instant, rebuilt from its events' })
  stateAt(@Param('nctId', NctIdPipe) nctId: string, @QueryParams() query: GetStateAtDto): Promise<TrialStateAt> {
    return this.queryBus.execute(new GetStateAtQuery(nctId, replayPoint(query)));
  }
}
