import { Query } from '@nestjs/cqrs';
import { HistoryEntry } from '../../read-models/trial-history.projection';

export interface TrialHistory {
  nctId: string;
  entries: HistoryEntry[];
}

export class GetHistoryQuery extends Query<TrialHistory> {
  constructor(readonly nctId: string, readonly minRevision?: number) {
    super();
  }
}
