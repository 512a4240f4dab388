import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DomainError } from '@trial-ledger/domain';
import { EventStore } from '@trial-ledger/event-store';
import { Clock } from '@trial-ledger/ledger';
import { RegistryRules } from '../ports/registry-rules.port';
import { NothingKnownError, TrialComplianceReport, complianceReport } from '@trial-ledger/compliance';
import { trialStreamId } from '@trial-ledger/ledger';
import { TrialComplianceQuery } from './trial-compliance.query';

/** From the trial's own events, like a replay: the dates that matter are in the events, not in the read models. */
@QueryHandler(TrialComplianceQuery)
export class TrialComplianceHandler implements IQueryHandler<TrialComplianceQuery, TrialComplianceReport> {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly rules: RegistryRules,
  ) {}

  async execute({ nctId, asOf }: TrialComplianceQuery): Promise<TrialComplianceReport> {
    const events = await this.store.readStream(trialStreamId(nctId));
    if (events.length === 0) throw new DomainError('TRIAL_NOT_FOUND', `Trial ${nctId} is not registered`, { nctId });
    const now = this.clock.now();
    try {
      return complianceReport(nctId, events, asOf ?? now.toISOString().slice(0, 10), now, this.rules.unknownPolicy);
    } catch (error) {
      if (!(error instanceof NothingKnownError)) throw error;
      throw new DomainError('TRIAL_NOT_FOUND', error.message, { nctId, asOf });
    }
  }
}
