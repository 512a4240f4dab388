import { ObservedChange, PartialDate, TRIAL_DATE_FIELDS, TrialDates, partialDateStart } from '@trial-ledger/domain';
import { RecordedEvent } from '@trial-ledger/event-store';
import { DAY_MS, calendarDaysBetween, isObservation, isoDate, observationData } from './compliance-dates';

/** 42 CFR 11.64(a)(1)(ii): a status change, site status or an ACTUAL start or completion is due within 30 calendar days. */
export const UPDATE_WINDOW_DAYS = 30;

export interface LateRecord {
  revision: number;
  type: string;
  source: 'operator' | 'registry';
  /** `status`, `startDate`, `sites[<id>].status` … */
  field: string;
  /** When the change took effect, and which record field says so. */
  businessDate: PartialDate;
  basis: string;
  /** When it became public: the registry's posted date, or the instant an operator's command was recorded. */
  reportedAt: string;
  /** The last day it could have been reported in time (UTC). */
  dueBy: string;
  daysLate: number;
}

interface DatedChange {
  field: string;
  businessDate: PartialDate;
  basis: string;
}

const WINDOWED_FIELDS: ReadonlySet<string> = new Set(['status', ...TRIAL_DATE_FIELDS]);

/** A registry change dated by the record itself; one dated only by its posting cannot be late, nor can a derived UNKNOWN. */
const registryChanges = (changes: readonly ObservedChange[]): DatedChange[] =>
  changes.flatMap((c): DatedChange[] => {
    if (!WINDOWED_FIELDS.has(c.field) || c.effective.date === null) return [];
    if (c.effective.basis === 'postedDate' || c.effective.basis === 'unknownDerivation') return [];
    return [{ field: c.field, businessDate: c.effective.date, basis: c.effective.basis }];
  });

/** An operator's status or site status is dated by the effective date the command stated; an ACTUAL date by itself. */
const operatorChanges = (event: RecordedEvent): DatedChange[] => {
  const effective = event.metadata.effectiveDate;
  switch (event.type) {
    case 'TrialStatusChanged':
    case 'TrialStatusCorrected':
      return effective ? [{ field: 'status', businessDate: effective, basis: 'effectiveDate' }] : [];
    case 'SiteStatusChanged':
      return effective ? [{ field: `sites[${String(event.data.siteId)}].status`, businessDate: effective, basis: 'effectiveDate' }] : [];
    case 'TrialDatesUpdated': {
      const dates = event.data as TrialDates;
      return TRIAL_DATE_FIELDS.flatMap((f) => (dates[f]?.type === 'ACTUAL' ? [{ field: f, businessDate: dates[f]!.date, basis: f }] : []));
    }
    default:
      return [];
  }
};

/** A partial business date counts from its first day, so a change may be listed when the real day was later, never missed. */
const lateRecord = (event: RecordedEvent, change: DatedChange, reportedAt: string): LateRecord | null => {
  const start = partialDateStart(change.businessDate);
  const days = calendarDaysBetween(start, new Date(reportedAt));
  if (days <= UPDATE_WINDOW_DAYS) return null;
  return {
    revision: event.revision,
    type: event.type,
    source: isObservation(event) ? 'registry' : 'operator',
    ...change,
    reportedAt,
    dueBy: isoDate(new Date(start.getTime() + UPDATE_WINDOW_DAYS * DAY_MS)),
    daysLate: days,
  };
};

/**
 * Changes made public more than 30 days after they took effect: registry versions by their posted date, operator
 * commands by the time they were recorded, never by an import's own time. A partial business date counts from its
 * first day, so a record may be listed when the real day was later, never missed.
 */
export const lateRecords = (events: readonly RecordedEvent[]): LateRecord[] =>
  events
    .flatMap((event) => {
      if (isObservation(event)) {
        const data = observationData(event);
        // The first version the ledger holds shows no change, only a state: when the registry first posted each
        // fact is in versions the ledger never saw, so judging it here would be an artefact of the import.
        if (data.postedDate === null || event.revision === 1) return [];
        return registryChanges(data.changes).map((c) => lateRecord(event, c, partialDateStart(data.postedDate as string).toISOString()));
      }
      return operatorChanges(event).map((c) => lateRecord(event, c, event.metadata.recordedAt));
    })
    .filter((r): r is LateRecord => r !== null);
