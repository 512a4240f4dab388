import { Query } from '@nestjs/cqrs';
import { ComplianceTotals, TrialComplianceSummary } from '@trial-ledger/compliance';

export interface ComplianceOverview {
  /** The date every trial was judged as of. */
  asOf: string;
  /** The "now" every trial was measured against (UTC). */
  generatedAt: string;
  /** Over every trial, not only this page. */
  totals: ComplianceTotals;
  items: TrialComplianceSummary[];
  total: number;
  limit: number;
  offset: number;
  assumptions: readonly string[];
}

export class ComplianceOverviewQuery extends Query<ComplianceOverview> {
  constructor(
    readonly limit: number,
    readonly offset: number,
    readonly minPosition?: number,
    readonly asOf?: string,
  ) {
    super();
  }
}
