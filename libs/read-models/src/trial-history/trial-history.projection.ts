import { RecordedEvent } from '@trial-ledger/event-store';
import { FieldChange, RegistryVersionObserved, TrialState, fieldChanges, initialState } from '@trial-ledger/domain';
import { foldTrialEvent } from '../trial-fold/trial-fold';

/** One audit-trail entry: who changed what, when, why, and the field-level changes. */
export interface HistoryEntry {
  nctId: string;
  revision: number;
  position: number;
  eventId: string;
  type: string;
  schemaVersion: number;
  /** When we recorded it (UTC). */
  recordedAt: string;
  /** The business date an operator stated for the change; for a registry version, the date its status took effect. */
  effectiveDate: string | null;
  /** For a registry version: the date the registry posted it. Null for an operator's command. */
  postedDate: string | null;
  /** For a registry version: each changed field with the date it took effect and which record field says so. */
  businessDates: { field: string; date: string | null; basis: string }[];
  actor: string;
  role: string;
  reason: string | null;
  commandId: string;
  correlationId: string;
  causationId: string;
  changes: FieldChange[];
  /** The event's payload as stored, so that nothing recorded is ever hidden from an auditor. */
  data: Record<string, unknown>;
}

/**
 * What the history projection stores per event: only what it derives, the field-level changes. Who, when,
 * why and the payload are read from the log itself when the history is served, so the audit trail can never
 * show a record other than the hash-chained one, and the read model does not hold a second copy of the log
 * (a copy that made a rebuild write three times the bytes: docs/benchmarks.md).
 */
export interface HistoryRow {
  revision: number;
  position: number;
  changes: FieldChange[];
}

/** A row as a read model stores it: the changes as JSON text beside their key. */
export const storedHistoryRow = (revision: number, position: number, changesJson: string): HistoryRow => ({
  revision,
  position,
  changes: JSON.parse(changesJson) as FieldChange[],
});

/** The event's row and the trial's state after it; `before` is null when the trial has no state yet. */
export const historyRow = (before: TrialState | null, event: RecordedEvent): { row: HistoryRow; after: TrialState } => {
  const after = foldTrialEvent(before, event);
  return { row: { revision: event.revision, position: event.position, changes: fieldChanges(before ?? initialState(), after) }, after };
};

/**
 * What the history projection keeps of a trial between batches: only what the field changes of its next events are
 * computed from. The decider's bookkeeping (the correction basis grows with every event, the digests with every
 * registry version) is left out; `fieldChanges` never looks at it, and this state is never used to decide a command
 * (the executor folds the trial's stream). Read back, it evolves like a state stored before that bookkeeping existed.
 */
export const storedHistoryState = (state: TrialState): string => {
  if (!state.registered) return JSON.stringify(state);
  const { correctionBasis: _basis, untrackedDigests: _digests, ...kept } = state;
  return JSON.stringify(kept);
};

export const historyStateOf = (stored: string): TrialState => {
  const state = JSON.parse(stored) as TrialState;
  return state.registered ? { ...state, untrackedDigests: state.untrackedDigests ?? {} } : state;
};

const registryDates = (event: RecordedEvent): Pick<HistoryEntry, 'effectiveDate' | 'postedDate' | 'businessDates'> => {
  const data = event.data as unknown as RegistryVersionObserved['data'];
  const businessDates = data.changes.map((c) => ({ field: c.field, date: c.effective.date, basis: c.effective.basis }));
  return { effectiveDate: businessDates.find((d) => d.field === 'status')?.date ?? null, postedDate: data.postedDate, businessDates };
};

export const historyEntry = (nctId: string, event: RecordedEvent, changes: FieldChange[]): HistoryEntry => {
  const m = event.metadata;
  const dates =
    event.type === 'RegistryVersionObserved'
      ? registryDates(event)
      : { effectiveDate: m.effectiveDate ?? null, postedDate: null, businessDates: [] };
  return {
    nctId,
    revision: event.revision,
    position: event.position,
    eventId: event.eventId,
    type: event.type,
    schemaVersion: event.schemaVersion,
    recordedAt: m.recordedAt,
    ...dates,
    actor: m.actor,
    role: m.role,
    reason: m.reason ?? null,
    commandId: m.commandId,
    correlationId: m.correlationId,
    causationId: m.causationId,
    changes,
    data: event.data,
  };
};

/**
 * The business date of one field change of an entry: for a registry version, the date the record states for that
 * field (`status`, `enrollment.count` → `enrollment`), else the date the registry posted it (a site's changes); for an
 * operator's command, the effective date it stated. Null where none is known: never the recorded time.
 */
export const changeDateOf = (entry: Pick<HistoryEntry, 'businessDates' | 'postedDate' | 'effectiveDate'>, field: string): string | null => {
  const top = field.split(/[.[]/)[0];
  return entry.businessDates.find((d) => d.field === top)?.date ?? entry.postedDate ?? entry.effectiveDate;
};

export class HistoryOutOfStepError extends Error {}

/**
 * The audit trail as far as the projection has come: one entry per row, joined with the trial's event at the
 * row's revision. The rows are the consistent cut (events the projection has not reached yet are left out);
 * a row whose event is missing or sits at another position means the read model was not built from this log.
 */
export const joinHistory = (nctId: string, rows: readonly HistoryRow[], stream: readonly RecordedEvent[]): HistoryEntry[] => {
  const byRevision = new Map(stream.map((event) => [event.revision, event]));
  return rows.map((row) => {
    const event = byRevision.get(row.revision);
    if (!event || event.position !== row.position) {
      throw new HistoryOutOfStepError(
        `The history of ${nctId} at revision ${row.revision} (position ${row.position}) does not match the log; rebuild the read models`,
      );
    }
    return historyEntry(nctId, event, row.changes);
  });
};
