import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DomainError } from '@trial-ledger/domain';
import { TrialReadModel } from '../ports/read-model.port';
import { ReadYourWrites } from '../shared/read-your-writes';
import { TrialView } from '../../read-models/trial-view.projection';
import { GetTrialQuery } from './get-trial.query';

@QueryHandler(GetTrialQuery)
export class GetTrialHandler implements IQueryHandler<GetTrialQuery, TrialView> {
  constructor(private readonly readModel: TrialReadModel, private readonly freshness: ReadYourWrites) {}

  async execute({ nctId, minRevision }: GetTrialQuery): Promise<TrialView> {
    await this.freshness.trialRevision(nctId, minRevision);
    const trial = await this.readModel.getTrial(nctId);
    if (!trial) throw new DomainError('TRIAL_NOT_FOUND', `Trial ${nctId} is not registered`, { nctId });
    return trial;
  }
}
