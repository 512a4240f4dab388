import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DomainError, Site } from '@trial-ledger/domain';
import { TrialReadModel } from '@trial-ledger/read-models';
import { ReadYourWrites } from '../shared/read-your-writes';
import { GetSiteQuery } from './get-site.query';

/** A site as the trial's current state lists it: a removed site is gone from the list (its history stays). */
@QueryHandler(GetSiteQuery)
export class GetSiteHandler implements IQueryHandler<GetSiteQuery, Site> {
  constructor(
    private readonly readModel: TrialReadModel,
    private readonly freshness: ReadYourWrites,
  ) {}

  async execute({ nctId, siteId, minRevision }: GetSiteQuery): Promise<Site> {
    await this.freshness.trialRevision(nctId, minRevision);
    const trial = await this.readModel.getTrial(nctId);
    if (!trial) throw new DomainError('TRIAL_NOT_FOUND', `Trial ${nctId} is not registered`, { nctId });
    const site = trial.sites.find((s) => s.siteId === siteId);
    if (!site) throw new DomainError('SITE_NOT_FOUND', `Trial ${nctId} has no site ${siteId}`, { nctId, siteId });
    return site;
  }
}
