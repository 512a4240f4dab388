import { PartialDate, comparePartialDates } from '@trial-ledger/domain';
import { RecordedEvent } from '@trial-ledger/event-store';
import { reportedDateOf } from '@trial-ledger/read-models';

/**
 * The events known on `asOf`: registry versions posted by then, operator commands recorded by then. An undated
 * version is known only to a report of today, since nothing places it earlier.
 */
export const knownOn = (events: readonly RecordedEvent[], asOf: PartialDate, today: PartialDate): RecordedEvent[] =>
  events.filter((event) => {
    const reported = reportedDateOf(event);
    return comparePartialDates(reported ?? today, asOf) <= 0;
  });
