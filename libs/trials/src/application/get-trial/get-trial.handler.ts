import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DomainError } from '@trial-ledger/domain';
import { TrialReadModel } from '@trial-ledger/read-models';
import { ReadYourWrites } from '../shared/read-your-writes';
import { AccessLog } from '../access-log/access-log.port';
import { withSkippedEventMarks } from '../access-log/skipped-event-marks';
import { TrialView } from '@trial-ledger/read-models';
import { GetTrialQuery } from './get-trial.query';

@QueryHandler(GetTrialQuery)
export class GetTrialHandler implements IQueryHandler<GetTrialQuery, TrialView> {
  constructor(
    private readonly readModel: TrialReadModel,
    private readonly freshness: ReadYourWrites,
    private readonly accessLog: AccessLog,
  ) {}

  async execute({ nctId, minRevision }: GetTrialQuery): Promise<TrialView> {
    await this.freshness.trialRevision(nctId, minRevision);
    const trial = await this.readModel.getTrial(nctId);
    if (!trial) throw new DomainError('TRIAL_NOT_FOUND', `Trial ${nctId} is not registered`, { nctId });
    return withSkippedEventMarks(this.accessLog, nctId, trial);
  }
}
