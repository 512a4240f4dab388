import { UnknownPolicy } from '@trial-ledger/domain';
import { ComplianceFindings } from './trial-compliance.projection';
import { ComplianceTotals } from './trial-compliance.today';

/** The compliance findings the projection keeps, read as of one day; what depends on the day is judged here. */
export abstract class TrialComplianceReadModel {
  /** One trial's findings, or null when the projection has none (not yet, or no such trial). */
  abstract findings(nctId: string): Promise<ComplianceFindings | null>;
  /** A page of findings in NCT ID order (byte order), as the trial list pages. */
  abstract page(limit: number, offset: number): Promise<ComplianceFindings[]>;
  /** Totals over every trial as of `today` (yyyy-MM-dd), from running totals and indexed counts. */
  abstract totals(today: string, policy: UnknownPolicy): Promise<ComplianceTotals>;
  /** How many trials had a fact made public after `today`: findings that include it cannot answer for that day. */
  abstract reportedAfter(today: string): Promise<number>;
}
