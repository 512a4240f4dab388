import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DomainError } from '@trial-ledger/domain';
import { TrialReadModel } from '../ports/read-model.port';
import { ReadYourWrites } from '../shared/read-your-writes';
import { GetHistoryQuery, TrialHistory } from './get-history.query';

@QueryHandler(GetHistoryQuery)
export class GetHistoryHandler implements IQueryHandler<GetHistoryQuery, TrialHistory> {
  constructor(private readonly readModel: TrialReadModel, private readonly freshness: ReadYourWrites) {}

  async execute({ nctId, minRevision }: GetHistoryQuery): Promise<TrialHistory> {
    await this.freshness.trialRevision(nctId, minRevision);
    const entries = await this.readModel.getHistory(nctId);
    if (entries.length === 0) throw new DomainError('TRIAL_NOT_FOUND', `Trial ${nctId} is not registered`, { nctId });
    return { nctId, entries };
  }
}
