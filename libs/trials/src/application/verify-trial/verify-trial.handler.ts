import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DomainError } from '@trial-ledger/domain';
import { EventStore } from '@trial-ledger/event-store';
import { Clock } from '@trial-ledger/ledger';
import { verifyChain } from '@trial-ledger/ledger';
import { trialStreamId } from '@trial-ledger/ledger';
import { TrialVerification, VerifyTrialQuery } from './verify-trial.query';

/** Recomputes the trial's hash chain from the event store itself, never from a read model. */
@QueryHandler(VerifyTrialQuery)
export class VerifyTrialHandler implements IQueryHandler<VerifyTrialQuery, TrialVerification> {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
  ) {}

  async execute({ nctId }: VerifyTrialQuery): Promise<TrialVerification> {
    const events = await this.store.readStream(trialStreamId(nctId));
    if (events.length === 0) throw new DomainError('TRIAL_NOT_FOUND', `Trial ${nctId} is not registered`, { nctId });
    return { nctId, verifiedAt: this.clock.now().toISOString(), ...verifyChain(events) };
  }
}
