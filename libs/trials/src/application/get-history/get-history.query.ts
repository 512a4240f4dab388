import { Query } from '@nestjs/cqrs';
import { HistoryEntry } from '@trial-ledger/read-models';
import { HistoryFilter } from '@trial-ledger/read-models';

export interface TrialHistory {
  nctId: string;
  entries: HistoryEntry[];
}

export class GetHistoryQuery extends Query<TrialHistory> {
  constructor(
    readonly nctId: string,
    readonly minRevision?: number,
    readonly filter: HistoryFilter = {},
  ) {
    super();
  }
}
