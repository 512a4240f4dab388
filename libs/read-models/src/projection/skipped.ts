import { RecordedEvent } from '@trial-ledger/event-store';
import { SKIPPED_EVENT_STREAM } from '../ports/skipped-events.port';

/**
 * The batch with each skipped event replaced by a placeholder at its position: a projection moves its checkpoint
 * past it as past any event of another stream, and applies nothing of it.
 */
export const withoutSkipped = (events: RecordedEvent[], skipped: ReadonlySet<number>): RecordedEvent[] =>
  skipped.size === 0
    ? events
    : events.map((e) => (skipped.has(e.position) ? { ...e, streamId: SKIPPED_EVENT_STREAM, type: 'EventSkipped', data: {} } : e));
