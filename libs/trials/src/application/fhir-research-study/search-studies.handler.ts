import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { TrialStatus } from '@trial-ledger/domain';
import { StudySearch, ctGovStatusesFor, inRange, statusOf } from '@trial-ledger/fhir';
import { Page, TrialReadModel, TrialSummary, TrialView } from '@trial-ledger/read-models';
import { SearchStudiesQuery } from './search-studies.query';

const BATCH = 500;

const matches = (search: StudySearch, s: TrialSummary): boolean =>
  (!search.statuses || search.statuses.includes(statusOf(s.status, s.lastKnownStatus))) && inRange(s.updatedAt, search.lastUpdated);

/**
 * The list read model filters by one CT.gov status and knows no update times, so the matches are gathered from its
 * pages and filtered here: a whole scan of the selected statuses per search (docs/fhir.md says what that costs).
 */
@QueryHandler(SearchStudiesQuery)
export class SearchStudiesHandler implements IQueryHandler<SearchStudiesQuery, Page<TrialView>> {
  constructor(private readonly readModel: TrialReadModel) {}

  async execute({ search }: SearchStudiesQuery): Promise<Page<TrialView>> {
    const all = (await this.candidates(search)).filter((s) => matches(search, s)).sort((a, b) => a.nctId.localeCompare(b.nctId));
    const page = all.slice(search.offset, search.offset + search.count);
    const views = await Promise.all(page.map((s) => this.readModel.getTrial(s.nctId)));
    const items = views.filter((v): v is TrialView => v !== null);
    return { items, total: all.length, limit: search.count, offset: search.offset };
  }

  private async candidates(search: StudySearch): Promise<TrialSummary[]> {
    const statuses: (TrialStatus | undefined)[] = search.statuses ? [...new Set(search.statuses.flatMap(ctGovStatusesFor))] : [undefined];
    const lists = await Promise.all(statuses.map((status) => this.allOf(status)));
    return lists.flat();
  }

  private async allOf(status: TrialStatus | undefined): Promise<TrialSummary[]> {
    const items: TrialSummary[] = [];
    for (let offset = 0; ; offset += BATCH) {
      const page = await this.readModel.listTrials({ status, limit: BATCH, offset });
      items.push(...page.items);
      if (page.items.length < BATCH || offset + BATCH >= page.total) return items;
    }
  }
}
