import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DomainError } from '@trial-ledger/domain';
import { EventStore } from '@trial-ledger/event-store';
import { Clock } from '../ports/clock.port';
import { TrialComplianceReport, complianceReport } from '../compliance/compliance-report';
import { trialStreamId } from '../shared/trial-stream';
import { TrialComplianceQuery } from './trial-compliance.query';

/** From the trial's own events, like a replay: effective dates are in the event metadata, not in the read models. */
@QueryHandler(TrialComplianceQuery)
export class TrialComplianceHandler implements IQueryHandler<TrialComplianceQuery, TrialComplianceReport> {
  constructor(private readonly store: EventStore, private readonly clock: Clock) {}

  async execute({ nctId }: TrialComplianceQuery): Promise<TrialComplianceReport> {
    const events = await this.store.readStream(trialStreamId(nctId));
    if (events.length === 0) throw new DomainError('TRIAL_NOT_FOUND', `Trial ${nctId} is not registered`, { nctId });
    return complianceReport(nctId, events, this.clock.now());
  }
}
