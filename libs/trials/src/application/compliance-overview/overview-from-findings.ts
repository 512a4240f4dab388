import { TrialComplianceReadModel } from '@trial-ledger/read-models';
import { COMPLIANCE_ASSUMPTIONS, complianceReportFromFindings, summarizeCompliance } from '@trial-ledger/compliance';
import { ComplianceOverview } from './compliance-overview.query';
import { OverviewRequest } from './overview-by-replay';

/**
 * The overview of today from the findings the projection keeps: the totals from running totals and indexed
 * counts, the page's summaries judged from its rows alone. Cost: a few index ranges and one page of rows,
 * whatever the number of trials.
 */
export const overviewFromFindings = async (findings: TrialComplianceReadModel, r: OverviewRequest): Promise<ComplianceOverview> => {
  const [totals, page] = await Promise.all([findings.totals(r.asOf, r.policy), findings.page(r.limit, r.offset)]);
  return {
    asOf: r.asOf,
    generatedAt: r.now.toISOString(),
    totals,
    items: page.map((f) => summarizeCompliance(complianceReportFromFindings(f, r.asOf, r.now, r.policy))),
    total: totals.trials,
    limit: r.limit,
    offset: r.offset,
    assumptions: COMPLIANCE_ASSUMPTIONS,
  };
};
