import { RecordedEvent } from '@trial-ledger/event-store';

/** The stored event a follower (a projection, the relay) was applying when it failed, as an operator finds it. */
export interface FaultyEvent {
  position: number;
  streamId: string;
  type: string;
}

/**
 * A failure while applying one event, naming it: the follower stops there (it never skips on its own) and the
 * operator needs the position to fix the code or to skip the event on the record (docs/reliability.md).
 */
export class EventApplyError extends Error {
  constructor(
    readonly event: FaultyEvent,
    readonly reason: string,
  ) {
    super(`Cannot apply the event at position ${event.position} (${event.type}, ${event.streamId}): ${reason}`);
    this.name = 'EventApplyError';
  }
}

export const faultyEventOf = ({ position, streamId, type }: RecordedEvent): FaultyEvent => ({ position, streamId, type });

const reasonOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Runs `work` on `event`, so that whatever it throws names the event; an error already naming one is kept. */
export const applying = <T>(event: RecordedEvent, work: () => T): T => {
  try {
    return work();
  } catch (error) {
    if (error instanceof EventApplyError) throw error;
    throw new EventApplyError(faultyEventOf(event), reasonOf(error));
  }
};
