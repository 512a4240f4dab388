import { TrialCommand } from '@trial-ledger/domain';

/** One dated view of a trial's ClinicalTrials.gov record; `asOf` is null when the source states no date. */
export interface TrialSnapshot {
  nctId: string;
  asOf: string | null;
  /** Where the record states `asOf`, to name it when it is not a date. */
  asOfField?: string;
  source: string;
  record: Record<string, unknown>;
  /** Dotted record path → where the source states that fact. */
  provenance?: Record<string, string>;
}

export interface ImportIssue {
  file: string;
  record: string;
  field: string;
  message: string;
}

export interface PlannedCommand {
  command: TrialCommand;
  reason: string;
  effectiveDate?: string;
}

export class RecordError extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
  }
}
