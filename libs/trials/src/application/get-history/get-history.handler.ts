import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DomainError } from '@trial-ledger/domain';
import { EventStore } from '@trial-ledger/event-store';
import { TrialReadModel } from '@trial-ledger/read-models';
import { ReadYourWrites } from '../shared/read-your-writes';
import { AccessLog } from '../access-log/access-log.port';
import { withSkippedEventMarks } from '../access-log/skipped-event-marks';
import { trialStreamId } from '@trial-ledger/ledger';
import { joinHistory } from '@trial-ledger/read-models';
import { GetHistoryQuery, TrialHistory } from './get-history.query';
import { filterHistory } from '@trial-ledger/read-models';

@QueryHandler(GetHistoryQuery)
export class GetHistoryHandler implements IQueryHandler<GetHistoryQuery, TrialHistory> {
  constructor(
    private readonly readModel: TrialReadModel,
    private readonly store: EventStore,
    private readonly freshness: ReadYourWrites,
    private readonly accessLog: AccessLog,
  ) {}

  async execute({ nctId, minRevision, filter }: GetHistoryQuery): Promise<TrialHistory> {
    await this.freshness.trialRevision(nctId, minRevision);
    // The rows first: they are the cut the answer shows, and the log always holds at least their events.
    const rows = await this.readModel.getHistoryRows(nctId);
    // Not found is decided before filtering: a filter that matches nothing is an empty answer, not a 404.
    if (rows.length === 0) throw new DomainError('TRIAL_NOT_FOUND', `Trial ${nctId} is not registered`, { nctId });
    const stream = await this.store.readStream(trialStreamId(nctId), { toRevision: rows[rows.length - 1].revision });
    return withSkippedEventMarks(this.accessLog, nctId, { nctId, entries: filterHistory(joinHistory(nctId, rows, stream), filter) });
  }
}
