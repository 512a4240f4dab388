import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { EventStore } from '@trial-ledger/event-store';
import { Clock } from '@trial-ledger/ledger';
import { TrialComplianceReadModel, TrialReadModel, isoDate } from '@trial-ledger/read-models';
import { RegistryRules } from '../ports/registry-rules.port';
import { ReadYourWrites } from '../shared/read-your-writes';
import { ComplianceOverview, ComplianceOverviewQuery } from './compliance-overview.query';
import { overviewByReplay } from './overview-by-replay';
import { overviewFromFindings } from './overview-from-findings';

/**
 * Every trial's reports, summarized, with totals over all of them. Today's (the default) come from the findings
 * the trial-compliance projection keeps. Another day's, and today's while a trial holds a fact posted after today,
 * which the findings already include, are replayed from every trial's stream (docs/audit.md gives both costs).
 */
@QueryHandler(ComplianceOverviewQuery)
export class ComplianceOverviewHandler implements IQueryHandler<ComplianceOverviewQuery, ComplianceOverview> {
  constructor(
    private readonly readModel: TrialReadModel,
    private readonly findings: TrialComplianceReadModel,
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly freshness: ReadYourWrites,
    private readonly rules: RegistryRules,
  ) {}

  async execute({ limit, offset, minPosition, asOf }: ComplianceOverviewQuery): Promise<ComplianceOverview> {
    await this.freshness.position(minPosition);
    // One "now" for all trials, so that their figures are comparable.
    const now = this.clock.now();
    const today = isoDate(now);
    const request = { limit, offset, asOf: asOf ?? today, now, policy: this.rules.unknownPolicy };
    if (request.asOf === today && (await this.findings.reportedAfter(today)) === 0) return overviewFromFindings(this.findings, request);
    return overviewByReplay(this.readModel, this.store, request);
  }
}
