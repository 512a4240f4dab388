import { PartialDate, RegistryVersionObserved, partialDateStart } from '@trial-ledger/domain';
import { RecordedEvent } from '@trial-ledger/event-store';

export const DAY_MS = 86_400_000;

/** Fractional days, to the hundredth: reports compare durations, and milliseconds hide the scale. */
export const toDays = (ms: number): number => Math.round((ms / DAY_MS) * 100) / 100;

/** Whole calendar days (UTC) from `from` to `to`, ignoring the time of day, as a deadline in days is counted. */
export const calendarDaysBetween = (from: Date, to: Date): number => {
  const day = (d: Date) => Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  return Math.round((day(to) - day(from)) / DAY_MS);
};

export const isoDate = (instant: Date): string => instant.toISOString().slice(0, 10);

export const isObservation = (event: RecordedEvent): boolean => event.type === 'RegistryVersionObserved';

export const observationData = (event: RecordedEvent): RegistryVersionObserved['data'] =>
  event.data as unknown as RegistryVersionObserved['data'];

/**
 * The date a fact became public: the registry's posted date for an observation, the instant we recorded it for an
 * operator's command. Null for an observation whose source states no date: it is never dated by its import.
 */
export const reportedDateOf = (event: RecordedEvent): PartialDate | null =>
  isObservation(event) ? observationData(event).postedDate : event.metadata.recordedAt.slice(0, 10);

/** The first instant after the period a partial date names: the next day, month or year. */
export const periodEnd = (date: PartialDate): Date => {
  const start = partialDateStart(date);
  const parts = date.split('-').length;
  if (parts === 3) return new Date(start.getTime() + DAY_MS);
  if (parts === 2) return new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
  return new Date(Date.UTC(start.getUTCFullYear() + 1, 0, 1));
};

/** Whether `date` lies wholly after the period `deadline` names: a deadline month runs to its last day. */
export const isPast = (date: PartialDate, deadline: PartialDate): boolean =>
  partialDateStart(date).getTime() >= periodEnd(deadline).getTime();
