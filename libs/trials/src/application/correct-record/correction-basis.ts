import { RecordedEvent } from '@trial-ledger/event-store';
import { StoredTrialEvent, TrialEvent, evolve, fieldChanges, initialState } from '@trial-ledger/domain';
import { CommandMeta } from '@trial-ledger/ledger';
import { toTrialEvent } from '@trial-ledger/ledger';

/** What only the stream knows about a correction: the event corrected and what later events changed. */
export interface CorrectionBasis {
  corrected: StoredTrialEvent | null;
  changedSince: string[];
  /** The revision the basis was read at; the correction is appended only if the trial is still there. */
  head: number;
}

/**
 * An Idempotency-Key retry must rebuild the very command it first sent, or the executor would take it for a
 * different command under the same key (422). So the basis of a retry is the stream as it was before the
 * key's first event, whatever was appended since.
 */
const asFirstSent = (events: RecordedEvent[], meta: Pick<CommandMeta, 'idempotencyKey' | 'actor'>): RecordedEvent[] => {
  if (meta.idempotencyKey === undefined) return events;
  const first = events.find((e) => e.metadata.idempotencyKey === meta.idempotencyKey && e.metadata.actor === meta.actor);
  return first ? events.filter((e) => e.revision < first.revision) : events;
};

/** An earlier correction of the same revision is not a later change: correcting again supersedes it. */
const correctsSame = (event: TrialEvent, revision: number): boolean =>
  event.type === 'RecordCorrected' && event.data.correctedRevision === revision;

/** Folds the stream once, diffing each later event's before and after state (`fieldChanges` paths). */
export const correctionBasis = (
  events: RecordedEvent[], revision: number, meta: Pick<CommandMeta, 'idempotencyKey' | 'actor'>,
): CorrectionBasis => {
  let state = initialState();
  let corrected: StoredTrialEvent | null = null;
  const changed = new Set<string>();
  for (const recorded of asFirstSent(events, meta)) {
    const event = toTrialEvent(recorded);
    const next = evolve(state, event);
    if (recorded.revision === revision) corrected = { ...event, revision };
    if (recorded.revision > revision && !correctsSame(event, revision)) fieldChanges(state, next).forEach((c) => changed.add(c.field));
    state = next;
  }
  return { corrected, changedSince: [...changed].sort(), head: events.at(-1)?.revision ?? 0 };
};
