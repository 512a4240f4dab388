import { Query } from '@nestjs/cqrs';
import { Page, TrialFilter } from '@trial-ledger/read-models';
import { TrialSummary } from '@trial-ledger/read-models';

export class ListTrialsQuery extends Query<Page<TrialSummary>> {
  constructor(
    readonly filter: TrialFilter,
    readonly minPosition?: number,
  ) {
    super();
  }
}
