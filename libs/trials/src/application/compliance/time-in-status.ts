import { TrialStatus } from '@trial-ledger/domain';
import { RecordedEvent } from '@trial-ledger/event-store';
import { replaySteps } from '../shared/trial-replay';
import { DateBasis, effectiveStart, toDays } from './compliance-dates';

export interface StatusInterval {
  status: TrialStatus;
  /** The revision whose event put the trial in this status (its registration, or a status change). */
  revision: number;
  eventType: string;
  effectiveDate: string | null;
  /** Start of the interval, UTC. */
  from: string;
  basis: DateBasis;
  /** Start of the next interval, or the report's "now" for the open one. */
  to: string;
  open: boolean;
  days: number;
  /**
   * The end precedes the start — a later status change with an earlier effective date, or an effective date in
   * the future — so the interval counts 0 days; it is kept in the list so that the oddity is visible.
   */
  clamped: boolean;
}

export interface TimeInStatus {
  /** In the order the changes were recorded (revision order), which is the order `decide` accepted them in. */
  intervals: StatusInterval[];
  daysByStatus: Partial<Record<TrialStatus, number>>;
}

interface StatusChange { status: TrialStatus; event: RecordedEvent }

/** The events after which the status differs from before, found with the domain's evolve rather than by event type. */
const statusChanges = (events: readonly RecordedEvent[]): StatusChange[] => {
  const changes: StatusChange[] = [];
  for (const { event, state } of replaySteps(events)) {
    if (changes.length === 0 || changes[changes.length - 1].status !== state.status) changes.push({ status: state.status, event });
  }
  return changes;
};

const spanMs = (from: string, to: string): number => Math.max(0, Date.parse(to) - Date.parse(from));

const interval = (change: StatusChange, end: Date, open: boolean): StatusInterval => {
  const start = effectiveStart(change.event);
  const from = start.instant.toISOString();
  const to = end.toISOString();
  return {
    status: change.status, revision: change.event.revision, eventType: change.event.type, effectiveDate: start.effectiveDate,
    from, basis: start.basis, to, open, days: toDays(spanMs(from, to)), clamped: end.getTime() < start.instant.getTime(),
  };
};

/** Intervals between status changes by effective date; the last one stays open up to `now`. */
export const timeInStatus = (events: readonly RecordedEvent[], now: Date): TimeInStatus => {
  const changes = statusChanges(events);
  const intervals = changes.map((change, i) => {
    const next = changes[i + 1];
    return next ? interval(change, effectiveStart(next.event).instant, false) : interval(change, now, true);
  });
  // Summed in milliseconds and rounded once, so that the totals carry no rounding error of their parts.
  const msByStatus = new Map<TrialStatus, number>();
  for (const i of intervals) msByStatus.set(i.status, (msByStatus.get(i.status) ?? 0) + spanMs(i.from, i.to));
  return { intervals, daysByStatus: Object.fromEntries([...msByStatus].map(([status, ms]) => [status, toDays(ms)])) };
};
