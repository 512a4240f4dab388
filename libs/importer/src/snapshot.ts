/**
 * One version of a trial's registry record as a file holds it. `postedDate` is the date the registry posted that
 * version; null when the source states none, and then its changes stay undated rather than dated by the import.
 */
export interface TrialSnapshot {
  nctId: string;
  postedDate: string | null;
  /** Where the record states `postedDate`, to name it when it is not a date. */
  postedDateField: string;
  /** The registry's version number, when the snapshot comes from a record's history. */
  version: number | null;
  source: string;
  record: Record<string, unknown>;
  /** Dotted record path → where the source states that fact. */
  provenance?: Record<string, string>;
}

/** A reported line: which file and record, which field, and why it was not recorded as it stands. */
export interface ImportIssue {
  file: string;
  record: string;
  field: string;
  message: string;
}

export class RecordError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}
