import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { EventStore } from '@trial-ledger/event-store';
import { Clock } from '../ports/clock.port';
import { TrialReadModel } from '../ports/read-model.port';
import {
  COMPLIANCE_ASSUMPTIONS, TrialComplianceReport, complianceReport, complianceTotals, summarizeCompliance,
} from '../compliance/compliance-report';
import { ReadYourWrites } from '../shared/read-your-writes';
import { trialStreamId } from '../shared/trial-stream';
import { ComplianceOverview, ComplianceOverviewQuery } from './compliance-overview.query';

const LIST_PAGE = 100;

/**
 * Every trial's reports, summarized, with totals over all of them.
 *
 * Cost: each request lists every trial from the read model and reads and replays every trial's whole stream,
 * O(all events), even for one page of summaries (the totals need all of them). Fine for a registry of
 * hundreds of trials; beyond that the per-trial figures belong in a projection of their own, which would
 * still have to recompute the "now"-dependent parts (open interval, overdue) at read time.
 */
@QueryHandler(ComplianceOverviewQuery)
export class ComplianceOverviewHandler implements IQueryHandler<ComplianceOverviewQuery, ComplianceOverview> {
  constructor(
    private readonly readModel: TrialReadModel,
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly freshness: ReadYourWrites,
  ) {}

  async execute({ limit, offset, minPosition }: ComplianceOverviewQuery): Promise<ComplianceOverview> {
    await this.freshness.position(minPosition);
    // One "now" for all trials, so that their figures are comparable.
    const now = this.clock.now();
    const reports: TrialComplianceReport[] = [];
    for (const nctId of await this.trialIds()) {
      const events = await this.store.readStream(trialStreamId(nctId));
      if (events.length > 0) reports.push(complianceReport(nctId, events, now));
    }
    return {
      generatedAt: now.toISOString(), totals: complianceTotals(reports),
      items: reports.slice(offset, offset + limit).map(summarizeCompliance), total: reports.length, limit, offset,
      assumptions: COMPLIANCE_ASSUMPTIONS,
    };
  }

  /** The trial list comes from the read model (it may lag the log by moments: `minPosition` waits for it). */
  private async trialIds(): Promise<string[]> {
    const ids: string[] = [];
    for (let offset = 0; ; offset += LIST_PAGE) {
      const page = await this.readModel.listTrials({ limit: LIST_PAGE, offset });
      ids.push(...page.items.map((t) => t.nctId));
      if (page.items.length < LIST_PAGE || offset + LIST_PAGE >= page.total) return [...new Set(ids)];
    }
  }
}
