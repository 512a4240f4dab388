import { EventStore } from '@trial-ledger/event-store';

export interface ReadModelLag {
  /** The read models' position: every event at or before it is applied. */
  position: number;
  /** Events in the log after that position (counted up to the limit given). */
  lag: number;
}

/**
 * Reads the read models' position first and only then counts the events after it. The order is what keeps the
 * answer true, not a clamp: the position only moves forward, and only to events already in the log, so the
 * events counted after a position read first are events that the read models had not applied when it was read.
 * Read the other way round (the log, then the position) the projections can apply events in between, and the
 * answer describes no moment at all: `head − position` came out negative that way (issue 21). Clamping at 0
 * would hide the symptom and keep the cause, since every answer read in that order falls short by whatever the
 * projections applied in between. Counting events rather than subtracting positions also makes the lag mean
 * events behind on every engine (positions have gaps on PostgreSQL and are byte offsets on KurrentDB).
 */
export const readModelLag = async (
  store: EventStore,
  readModel: { position(): Promise<number> },
  countLimit: number,
): Promise<ReadModelLag> => {
  const position = await readModel.position();
  return { position, lag: await store.countEventsAfter(position, countLimit) };
};
