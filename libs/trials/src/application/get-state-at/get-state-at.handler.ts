import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DomainError, statusAsOf } from '@trial-ledger/domain';
import { EventStore, RecordedEvent } from '@trial-ledger/event-store';
import { badRequest } from '@trial-ledger/platform';
import { replaySteps } from '@trial-ledger/ledger';
import { Clock } from '@trial-ledger/ledger';
import { RegistryRules } from '../ports/registry-rules.port';
import { knownOn } from '@trial-ledger/compliance';
import { trialStreamId } from '@trial-ledger/ledger';
import { GetStateAtQuery, ReplayPoint, TrialStateAt } from './get-state-at.query';

/** Replay for auditors: rebuilt from the trial's own events, never read from a read model. */
@QueryHandler(GetStateAtQuery)
export class GetStateAtHandler implements IQueryHandler<GetStateAtQuery, TrialStateAt> {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly rules: RegistryRules,
  ) {}

  async execute({ nctId, at }: GetStateAtQuery): Promise<TrialStateAt> {
    const events = await this.store.readStream(trialStreamId(nctId));
    if (events.length === 0) throw new DomainError('TRIAL_NOT_FOUND', `Trial ${nctId} is not registered`, { nctId });
    const upTo = this.select(nctId, events, at);
    const { event: last, state } = replaySteps(upTo)[upTo.length - 1];
    const registryStatus = 'registryAsOf' in at ? { registryStatus: statusAsOf(state, at.registryAsOf, this.rules.unknownPolicy) } : {};
    return { nctId, revision: last.revision, recordedAt: last.metadata.recordedAt, state, ...registryStatus };
  }

  private select(nctId: string, events: RecordedEvent[], at: ReplayPoint): RecordedEvent[] {
    if ('latest' in at) return events;
    if ('revision' in at) {
      const current = events[events.length - 1].revision;
      if (at.revision > current) throw badRequest('revision', `trial ${nctId} has only revision ${current}`);
      return events.filter((e) => e.revision <= at.revision);
    }
    if ('registryAsOf' in at) {
      const known = knownOn(events, at.registryAsOf, this.clock.now().toISOString().slice(0, 10));
      if (known.length > 0) return known;
      throw new DomainError('TRIAL_NOT_FOUND', `The ledger holds nothing the registry had posted about ${nctId} by ${at.registryAsOf}`, {
        nctId,
      });
    }
    const upTo = events.filter((e) => Date.parse(e.metadata.recordedAt) <= at.asOf.getTime());
    if (upTo.length === 0) {
      throw new DomainError('TRIAL_NOT_FOUND', `Trial ${nctId} was not yet registered at ${at.asOf.toISOString()}`, { nctId });
    }
    return upTo;
  }
}
