import { Query } from '@nestjs/cqrs';
import { TrialView } from '@trial-ledger/read-models';

export class GetTrialQuery extends Query<TrialView> {
  constructor(
    readonly nctId: string,
    readonly minRevision?: number,
  ) {
    super();
  }
}
