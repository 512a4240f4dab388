import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DomainError } from '@trial-ledger/domain';
import { TrialReadModel } from '../ports/read-model.port';
import { ReadYourWrites } from '../shared/read-your-writes';
import { GetHistoryQuery, TrialHistory } from './get-history.query';
import { filterHistory } from './history-filter';

@QueryHandler(GetHistoryQuery)
export class GetHistoryHandler implements IQueryHandler<GetHistoryQuery, TrialHistory> {
  constructor(private readonly readModel: TrialReadModel, private readonly freshness: ReadYourWrites) {}

  async execute({ nctId, minRevision, filter }: GetHistoryQuery): Promise<TrialHistory> {
    await this.freshness.trialRevision(nctId, minRevision);
    const entries = await this.readModel.getHistory(nctId);
    // Not found is decided before filtering: a filter that matches nothing is an empty answer, not a 404.
    if (entries.length === 0) throw new DomainError('TRIAL_NOT_FOUND', `Trial ${nctId} is not registered`, { nctId });
    return { nctId, entries: filterHistory(entries, filter) };
  }
}
