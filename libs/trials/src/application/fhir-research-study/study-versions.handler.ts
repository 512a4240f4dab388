import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DomainError } from '@trial-ledger/domain';
import { EventStore } from '@trial-ledger/event-store';
import { trialStreamId } from '@trial-ledger/ledger';
import { TrialView, projectTrialView } from '@trial-ledger/read-models';
import { StudyVersionsQuery } from './study-versions.query';

@QueryHandler(StudyVersionsQuery)
export class StudyVersionsHandler implements IQueryHandler<StudyVersionsQuery, TrialView[]> {
  constructor(private readonly store: EventStore) {}

  async execute({ nctId }: StudyVersionsQuery): Promise<TrialView[]> {
    const events = await this.store.readStream(trialStreamId(nctId));
    if (events.length === 0) throw new DomainError('TRIAL_NOT_FOUND', `Trial ${nctId} is not registered`, { nctId });
    // The view projection's own fold, so each version is what the read model showed at that revision.
    const versions: TrialView[] = [];
    events.reduce<TrialView | null>((view, event) => versions[versions.push(projectTrialView(view, event)) - 1], null);
    return versions;
  }
}
