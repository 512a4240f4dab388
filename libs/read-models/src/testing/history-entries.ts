import { HistoryEntry } from '../trial-history/trial-history.projection';

/** A history entry as the read model returns it, for the filter and export specs; overrides win. */
export const historyEntryFixture = (revision: number, overrides: Partial<HistoryEntry> = {}): HistoryEntry => ({
  nctId: 'NCT05131412',
  revision,
  position: revision,
  eventId: `evt-${revision}`,
  type: 'TrialStatusChanged',
  schemaVersion: 1,
  recordedAt: new Date(Date.parse('2025-01-15T10:00:00.000Z') + (revision - 1) * 3_600_000).toISOString(),
  effectiveDate: null,
  postedDate: null,
  businessDates: [],
  actor: 'olga',
  role: 'operator',
  reason: `Reason ${revision}`,
  commandId: `cmd-${revision}`,
  correlationId: `cmd-${revision}`,
  causationId: `cmd-${revision}`,
  changes: [],
  data: { nctId: 'NCT05131412' },
  ...overrides,
});
