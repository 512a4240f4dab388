import { isPartialDate, partialDateStart } from '@trial-ledger/domain';
import { RecordedEvent } from '@trial-ledger/event-store';

export const DAY_MS = 86_400_000;

/**
 * Where an event's business time came from: its full effective date, the first day of a partial one
 * (`2024-02` is read as 2024-02-01), or — when the command gave none — the time it was recorded.
 */
export type DateBasis = 'effectiveDate' | 'effectiveDateFirstDay' | 'recordedAt';

export interface EffectiveStart {
  instant: Date;
  basis: DateBasis;
  /** As recorded, partial precision kept. */
  effectiveDate: string | null;
}

const FULL_DATE_LENGTH = 'yyyy-mm-dd'.length;

export const effectiveStart = (event: RecordedEvent): EffectiveStart => {
  const date = event.metadata.effectiveDate;
  // Validated on the way in; a value that is not a date anyway is treated like a missing one, never guessed at.
  if (date === undefined || !isPartialDate(date)) {
    return { instant: new Date(event.metadata.recordedAt), basis: 'recordedAt', effectiveDate: date ?? null };
  }
  const basis: DateBasis = date.length === FULL_DATE_LENGTH ? 'effectiveDate' : 'effectiveDateFirstDay';
  return { instant: partialDateStart(date), basis, effectiveDate: date };
};

/** Fractional days, to the hundredth: reports compare durations, and milliseconds hide the scale. */
export const toDays = (ms: number): number => Math.round((ms / DAY_MS) * 100) / 100;

/** Whole calendar days (UTC) from `from` to `to`, ignoring the time of day, as a deadline in days is counted. */
export const calendarDaysBetween = (from: Date, to: Date): number => {
  const day = (d: Date) => Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  return Math.round((day(to) - day(from)) / DAY_MS);
};

export const isoDate = (instant: Date): string => instant.toISOString().slice(0, 10);
