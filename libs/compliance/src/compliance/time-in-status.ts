import { TrialStatus } from '@trial-ledger/domain';
import { RecordedEvent } from '@trial-ledger/event-store';
import { replaySteps } from '@trial-ledger/ledger';
import { DatedVersion, StatusSpan, TimeInStatus, addDays, reportedDateOf, statusSpan } from '@trial-ledger/read-models';

/**
 * bgcarlisle/cthist `overall_status_lengths`: each version's status spans from its date to the next version's date,
 * in the order the versions were recorded; the last is carried forward to the as-of date; spans of 0 days or less
 * are dropped; days are summed per status. Days therefore start at version dates, not at the dates changes took
 * effect (those are in lateRecords). A version without a date of its own is left out.
 */
export const timeInStatus = (events: readonly RecordedEvent[], asOf: string): TimeInStatus => {
  const versions = replaySteps(events)
    .map(({ event, state }) => ({ status: state.status, revision: event.revision, date: reportedDateOf(event) }))
    .filter((v): v is DatedVersion => v.date !== null);
  const spans = versions
    .map((v, i) => {
      const next = versions[i + 1];
      return statusSpan(v, next ? next.date : asOf, next === undefined);
    })
    .filter((s): s is StatusSpan => s !== null);
  const daysByStatus: Partial<Record<TrialStatus, number>> = {};
  for (const s of spans) addDays(daysByStatus, s.status, s.days);
  return { spans, daysByStatus };
};
