import { Query } from '@nestjs/cqrs';
import { HistoryEntry } from '@trial-ledger/read-models';
import { HistoryFilter } from '@trial-ledger/read-models';
import { SkippedEventMark } from '../access-log/skipped-event-marks';

export interface TrialHistory {
  nctId: string;
  entries: HistoryEntry[];
  /** Events of the trial the read models passed over by an operator's recorded decision; absent when none. */
  skippedEvents?: SkippedEventMark[];
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
