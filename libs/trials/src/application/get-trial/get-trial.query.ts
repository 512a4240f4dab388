import { Query } from '@nestjs/cqrs';
import { TrialView } from '../../read-models/trial-view.projection';

export class GetTrialQuery extends Query<TrialView> {
  constructor(readonly nctId: string, readonly minRevision?: number) {
    super();
  }
}
