import { Query } from '@nestjs/cqrs';
import { Site } from '@trial-ledger/domain';

export class GetSiteQuery extends Query<Site> {
  constructor(
    readonly nctId: string,
    readonly siteId: string,
    readonly minRevision?: number,
  ) {
    super();
  }
}
