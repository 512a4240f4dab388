import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { EventStore } from '@trial-ledger/event-store';
import { RecordedEvent } from '@trial-ledger/event-store';
import { UnknownPolicy } from '@trial-ledger/domain';
import { Clock } from '@trial-ledger/ledger';
import { RegistryRules } from '../ports/registry-rules.port';
import { TrialReadModel } from '@trial-ledger/read-models';
import {
  COMPLIANCE_ASSUMPTIONS,
  NothingKnownError,
  TrialComplianceReport,
  complianceReport,
  complianceTotals,
  summarizeCompliance,
} from '@trial-ledger/compliance';
import { ReadYourWrites } from '../shared/read-your-writes';
import { trialStreamId } from '@trial-ledger/ledger';
import { ComplianceOverview, ComplianceOverviewQuery } from './compliance-overview.query';

const LIST_PAGE = 100;

/** A trial nothing was known of on asOf is not part of that day's overview. */
const reportOrNothing = (
  nctId: string,
  events: RecordedEvent[],
  asOf: string,
  now: Date,
  policy: UnknownPolicy,
): TrialComplianceReport | null => {
  try {
    return complianceReport(nctId, events, asOf, now, policy);
  } catch (error) {
    if (error instanceof NothingKnownError) return null;
    throw error;
  }
};

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
    private readonly rules: RegistryRules,
  ) {}

  async execute({ limit, offset, minPosition, asOf: askedFor }: ComplianceOverviewQuery): Promise<ComplianceOverview> {
    await this.freshness.position(minPosition);
    // One "now" for all trials, so that their figures are comparable.
    const now = this.clock.now();
    const asOf = askedFor ?? now.toISOString().slice(0, 10);
    const reports: TrialComplianceReport[] = [];
    for (const nctId of await this.trialIds()) {
      const events = await this.store.readStream(trialStreamId(nctId));
      const report = reportOrNothing(nctId, events, asOf, now, this.rules.unknownPolicy);
      if (report) reports.push(report);
    }
    return {
      asOf,
      generatedAt: now.toISOString(),
      totals: complianceTotals(reports),
      items: reports.slice(offset, offset + limit).map(summarizeCompliance),
      total: reports.length,
      limit,
      offset,
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
