import { PartialDate, RegisteredTrial, addMonths, comparePartialDates, partialDateStart } from '@trial-ledger/domain';
import { calendarDaysBetween, isPast } from './compliance-dates';

/** 42 CFR 11.24(a): registration is due no later than 21 calendar days after the first participant is enrolled. */
export const REGISTRATION_WINDOW_DAYS = 21;
/** 42 CFR 11.44(a): results are due one year after the primary completion date. */
export const RESULTS_MONTHS = 12;

export interface RegistrationCheck {
  firstSubmitted: PartialDate | null;
  actualStart: PartialDate | null;
  late: boolean;
  daysAfterStart: number | null;
}

/** Judged only where the record states both dates; a start that is not ACTUAL is no enrollment yet. */
export const registrationCheck = (trial: Pick<RegisteredTrial, 'firstSubmittedDate' | 'startDate'>): RegistrationCheck => {
  const submitted = trial.firstSubmittedDate;
  const start = trial.startDate?.type === 'ACTUAL' ? trial.startDate.date : null;
  if (submitted === null || start === null) return { firstSubmitted: submitted, actualStart: start, late: false, daysAfterStart: null };
  const days = calendarDaysBetween(partialDateStart(start), partialDateStart(submitted));
  return { firstSubmitted: submitted, actualStart: start, late: days > REGISTRATION_WINDOW_DAYS, daysAfterStart: days };
};

type DutyFields = Pick<
  RegisteredTrial,
  'studyType' | 'phases' | 'fdaRegulatedDrug' | 'fdaRegulatedDevice' | 'primaryCompletionDate' | 'resultsFirstSubmittedDate'
>;

/**
 * Looks like an applicable clinical trial (42 CFR 11.10(a), 11.22(b)): interventional, an FDA-regulated drug or
 * device, and not only early phase 1 or phase 1. Sites, IND/IDE and export are not in the record (⚠ docs/audit.md).
 */
export const looksApplicable = (t: DutyFields): boolean =>
  t.studyType === 'INTERVENTIONAL' &&
  (t.fdaRegulatedDrug === true || t.fdaRegulatedDevice === true) &&
  t.phases.length > 0 &&
  !t.phases.every((p) => p === 'EARLY_PHASE1' || p === 'PHASE1');

export interface ResultsCheck {
  applicable: boolean;
  actualPrimaryCompletion: PartialDate | null;
  dueBy: PartialDate | null;
  resultsFirstSubmitted: PartialDate | null;
  overdue: boolean;
  submittedLate: boolean;
}

export const resultsCheck = (t: DutyFields, asOf: PartialDate): ResultsCheck => {
  const applicable = looksApplicable(t);
  const pcd = t.primaryCompletionDate?.type === 'ACTUAL' ? t.primaryCompletionDate.date : null;
  const submitted =
    t.resultsFirstSubmittedDate !== null && comparePartialDates(t.resultsFirstSubmittedDate, asOf) <= 0
      ? t.resultsFirstSubmittedDate
      : null;
  const dueBy = applicable && pcd !== null ? addMonths(pcd, RESULTS_MONTHS) : null;
  const past = (date: PartialDate | null) => dueBy !== null && date !== null && isPast(date, dueBy);
  return {
    applicable,
    actualPrimaryCompletion: pcd,
    dueBy,
    resultsFirstSubmitted: submitted,
    overdue: submitted === null && past(asOf),
    submittedLate: past(submitted),
  };
};
