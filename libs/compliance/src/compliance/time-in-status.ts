import { TrialStatus, comparePartialDates, partialDateStart } from '@trial-ledger/domain';
import { RecordedEvent } from '@trial-ledger/event-store';
import { replaySteps } from '@trial-ledger/ledger';
import { reportedDateOf, toDays } from './compliance-dates';

export interface StatusSpan {
  status: TrialStatus;
  revision: number;
  /** The version's date: the registry's posted date, or the day an operator's command was recorded. */
  from: string;
  /** The next version's date, or the report's as-of date for the last. */
  to: string;
  open: boolean;
  days: number;
}

export interface TimeInStatus {
  spans: StatusSpan[];
  daysByStatus: Partial<Record<TrialStatus, number>>;
}

/**
 * bgcarlisle/cthist `overall_status_lengths`: each version's status spans from its date to the next version's date,
 * in the order the versions were recorded; the last is carried forward to the as-of date; spans of 0 days or less
 * are dropped; days are summed per status. Days therefore start at version dates, not at the dates changes took
 * effect (those are in lateRecords). A version without a date of its own is left out.
 */
export const timeInStatus = (events: readonly RecordedEvent[], asOf: string): TimeInStatus => {
  const versions = replaySteps(events)
    .map(({ event, state }) => ({ status: state.status, revision: event.revision, date: reportedDateOf(event) }))
    .filter((v): v is { status: TrialStatus; revision: number; date: string } => v.date !== null);
  const spans = versions
    .map((v, i): StatusSpan => {
      const next = versions[i + 1];
      const to = next ? next.date : asOf;
      const days = toDays(partialDateStart(to).getTime() - partialDateStart(v.date).getTime());
      return { status: v.status, revision: v.revision, from: v.date, to, open: next === undefined, days };
    })
    .filter((s) => s.days > 0 && comparePartialDates(s.from, s.to) < 0);
  const daysByStatus: Partial<Record<TrialStatus, number>> = {};
  // Hundredths summed as integers, so that many spans drift by no floating-point error.
  for (const s of spans) daysByStatus[s.status] = Math.round((daysByStatus[s.status] ?? 0) * 100 + s.days * 100) / 100;
  return { spans, daysByStatus };
};
