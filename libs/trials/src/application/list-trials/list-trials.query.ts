import { Query } from '@nestjs/cqrs';
import { Page, TrialFilter } from '../ports/read-model.port';
import { TrialSummary } from '../../read-models/trial-view.projection';

export class ListTrialsQuery extends Query<Page<TrialSummary>> {
  constructor(readonly filter: TrialFilter, readonly minPosition?: number) {
    super();
  }
}
