import { RecordedEvent } from '@trial-ledger/event-store';
import { DAY_MS, calendarDaysBetween, effectiveStart, isoDate } from './compliance-dates';

/** FDAAA 801 (42 CFR 11.64): a change of overall or site recruitment status is due within 30 calendar days. */
export const UPDATE_WINDOW_DAYS = 30;

/** The events that record a status change the update window applies to; a new site is a site status too. */
const WINDOWED_TYPES: ReadonlySet<string> = new Set(['TrialStatusChanged', 'SiteStatusChanged', 'SiteAdded']);

export interface LateRecord {
  revision: number;
  type: string;
  /** The site, for site events. */
  siteId: string | null;
  effectiveDate: string;
  recordedAt: string;
  /** The last day it could have been recorded in time (UTC). */
  dueBy: string;
  /** Calendar days (UTC) from the effective date to the day it was recorded; above 30 here. */
  daysLate: number;
}

const siteIdOf = (event: RecordedEvent): string | null =>
  typeof event.data.siteId === 'string' ? event.data.siteId : null;

const lateRecord = (event: RecordedEvent): LateRecord | null => {
  if (!WINDOWED_TYPES.has(event.type)) return null;
  const start = effectiveStart(event);
  // Without an effective date there is nothing to measure the delay against.
  if (start.basis === 'recordedAt' || start.effectiveDate === null) return null;
  const recordedAt = new Date(event.metadata.recordedAt);
  const days = calendarDaysBetween(start.instant, recordedAt);
  if (days <= UPDATE_WINDOW_DAYS) return null;
  return {
    revision: event.revision, type: event.type, siteId: siteIdOf(event), effectiveDate: start.effectiveDate,
    recordedAt: event.metadata.recordedAt, dueBy: isoDate(new Date(start.instant.getTime() + UPDATE_WINDOW_DAYS * DAY_MS)), daysLate: days,
  };
};

/**
 * Status and site records entered more than 30 days after their effective date. A partial effective date counts
 * from its first day, so such a record is judged by the earliest day it can mean: it may be listed when the
 * real day was later, never missed.
 */
export const lateRecords = (events: readonly RecordedEvent[]): LateRecord[] =>
  events.map(lateRecord).filter((r): r is LateRecord => r !== null);
