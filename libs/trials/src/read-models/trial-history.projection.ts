import { RecordedEvent } from '@trial-ledger/event-store';
import { FieldChange, TrialState, evolve, fieldChanges } from '@trial-ledger/domain';
import { toTrialEvent } from '../application/shared/trial-stream';

/** One audit-trail entry: who changed what, when, why, and the field-level changes. */
export interface HistoryEntry {
  nctId: string;
  revision: number;
  position: number;
  eventId: string;
  type: string;
  schemaVersion: number;
  recordedAt: string;
  effectiveDate: string | null;
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

export const historyEntry = (nctId: string, before: TrialState, event: RecordedEvent): { entry: HistoryEntry; after: TrialState } => {
  const after = evolve(before, toTrialEvent(event));
  const m = event.metadata;
  const entry: HistoryEntry = {
    nctId,
    revision: event.revision,
    position: event.position,
    eventId: event.eventId,
    type: event.type,
    schemaVersion: event.schemaVersion,
    recordedAt: m.recordedAt,
    effectiveDate: m.effectiveDate ?? null,
    actor: m.actor,
    role: m.role,
    reason: m.reason ?? null,
    commandId: m.commandId,
    correlationId: m.correlationId,
    causationId: m.causationId,
    changes: fieldChanges(before, after),
    data: event.data,
  };
  return { entry, after };
};
