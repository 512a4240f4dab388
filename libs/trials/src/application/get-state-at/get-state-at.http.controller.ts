import { Controller, Get, Param, Query as QueryParams } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems, ApiReadAnswer, badRequest, READ_PROBLEMS, Roles } from '@trial-ledger/platform';
import { NctIdPipe } from '../../http/nct-id.pipe';
import { RecordAccess } from '../../http/record-access.interceptor';
import { GetStateAtQuery, ReplayPoint, TrialStateAt } from './get-state-at.query';
import { GetStateAtDto } from './get-state-at.dto';

const replayPoint = ({ revision, asOf, recordedAsOf, registryAsOf }: GetStateAtDto): ReplayPoint => {
  const given = Object.entries({ revision, asOf, recordedAsOf, registryAsOf })
    .filter(([, v]) => v !== undefined)
    .map(([k]) => k);
  if (given.length > 1) throw badRequest(given[1], `give one of revision, recordedAsOf or registryAsOf, not ${given.join(' and ')}`);
  if (revision !== undefined) return { revision };
  if (registryAsOf !== undefined) return { registryAsOf };
  const recorded = recordedAsOf ?? asOf;
  if (recorded === undefined) return { latest: true };
  const instant = new Date(recorded);
  if (Number.isNaN(instant.getTime())) throw badRequest(recordedAsOf === undefined ? 'asOf' : 'recordedAsOf', 'is not a real instant');
  return { asOf: instant };
};

@ApiTags('audit')
@ApiBearerAuth()
@Controller('trials')
export class GetStateAtHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get(':nctId/state')
  @ApiReadAnswer('TrialStateAt')
  @ApiProblems(...READ_PROBLEMS)
  @Roles('operator', 'auditor')
  @RecordAccess('state.replay')
  @ApiOperation({ summary: 'Replay: the trial as it was at a revision or an instant, rebuilt from its events' })
  stateAt(@Param('nctId', NctIdPipe) nctId: string, @QueryParams() query: GetStateAtDto): Promise<TrialStateAt> {
    return this.queryBus.execute(new GetStateAtQuery(nctId, replayPoint(query)));
  }
}
