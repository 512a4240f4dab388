import { Query } from '@nestjs/cqrs';
import { HistoryEntry } from '../../read-models/trial-history.projection';
import { HistoryFilter } from './history-filter';

export interface TrialHistory {
  nctId: string;
  entries: HistoryEntry[];
}

export class GetHistoryQuery extends Query<TrialHistory> {
  constructor(readonly nctId: string, readonly minRevision?: number, readonly filter: HistoryFilter = {}) {
    super();
  }
}
