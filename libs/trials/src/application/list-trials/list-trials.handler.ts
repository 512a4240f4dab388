import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Page, TrialReadModel } from '@trial-ledger/read-models';
import { ReadYourWrites } from '../shared/read-your-writes';
import { TrialSummary } from '@trial-ledger/read-models';
import { ListTrialsQuery } from './list-trials.query';

@QueryHandler(ListTrialsQuery)
export class ListTrialsHandler implements IQueryHandler<ListTrialsQuery, Page<TrialSummary>> {
  constructor(
    private readonly readModel: TrialReadModel,
    private readonly freshness: ReadYourWrites,
  ) {}

  async execute({ filter, minPosition }: ListTrialsQuery): Promise<Page<TrialSummary>> {
    await this.freshness.position(minPosition);
    return this.readModel.listTrials(filter);
  }
}
