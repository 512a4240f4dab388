import { Query } from '@nestjs/cqrs';
import { TrialView } from '@trial-ledger/read-models';

/** Every version of a trial, oldest first, rebuilt from its events in the ledger (not from a read model). */
export class StudyVersionsQuery extends Query<TrialView[]> {
  constructor(readonly nctId: string) {
    super();
  }
}
