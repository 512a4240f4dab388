import { PartialDate, comparePartialDates } from '../../shared/partial-date';
import { STATUSES_REQUIRING_WHY_STOPPED } from '../status-transitions';
import { FlagSeverity, RegistryFlag } from '../trial.events';
import { RegisteredTrial } from '../trial.state';
import { DateStruct, TRIAL_DATE_FIELDS } from '../trial.values';

/** The fields the PRS-style checks read: a trial's state, or what a registry version states. */
export type CheckedRecord = Pick<
  RegisteredTrial,
  'studyType' | 'phases' | 'status' | 'whyStopped' | 'enrollment' | 'startDate' | 'primaryCompletionDate' | 'completionDate'
>;

const flag = (code: string, severity: FlagSeverity, field: string, message: string): RegistryFlag => ({ code, severity, field, message });

const after = (a: DateStruct | null, b: DateStruct | null): boolean => a !== null && b !== null && comparePartialDates(a.date, b.date) > 0;

/**
 * Consistency problems in the manner of the registry's PRS review: an ERROR is what the registry would not
 * accept from a sponsor, a WARNING what it would query. `today` is the date an ACTUAL date may not pass
 * (the as-of date of a report, the posted date of a version); without it that check is left out.
 */
export const consistencyProblems = (r: CheckedRecord, today: PartialDate | null): RegistryFlag[] => {
  const problems: RegistryFlag[] = [];
  if (today !== null) {
    for (const field of TRIAL_DATE_FIELDS) {
      const value = r[field];
      if (value?.type === 'ACTUAL' && comparePartialDates(value.date, today) > 0) {
        problems.push(flag('ACTUAL_DATE_IN_FUTURE', 'ERROR', field, `is ACTUAL ${value.date}, after ${today}`));
      }
    }
  }
  if (after(r.startDate, r.primaryCompletionDate)) {
    problems.push(
      flag(
        'START_AFTER_COMPLETION',
        'ERROR',
        'startDate',
        `${r.startDate?.date} is after the primary completion date ${r.primaryCompletionDate?.date}`,
      ),
    );
  }
  if (after(r.startDate, r.completionDate)) {
    problems.push(
      flag('START_AFTER_COMPLETION', 'ERROR', 'startDate', `${r.startDate?.date} is after the completion date ${r.completionDate?.date}`),
    );
  }
  if (r.studyType === 'OBSERVATIONAL' && r.phases.some((p) => p !== 'NA')) {
    problems.push(
      flag('PHASES_ON_OBSERVATIONAL', 'ERROR', 'phases', `an observational study has no phase, but ${r.phases.join(', ')} is stated`),
    );
  }
  if (r.status === 'WITHDRAWN' && r.enrollment?.type === 'ACTUAL' && r.enrollment.count > 0) {
    problems.push(
      flag('WITHDRAWN_WITH_ENROLLMENT', 'ERROR', 'enrollment', `WITHDRAWN means nobody enrolled, but ${r.enrollment.count} are ACTUAL`),
    );
  }
  if (STATUSES_REQUIRING_WHY_STOPPED.includes(r.status) && (r.whyStopped ?? '').trim() === '') {
    problems.push(flag('STOPPED_WITHOUT_REASON', 'ERROR', 'whyStopped', `is required when the status is ${r.status}`));
  }
  if (
    (r.status === 'COMPLETED' || r.status === 'TERMINATED') &&
    r.primaryCompletionDate !== null &&
    r.primaryCompletionDate.type !== 'ACTUAL'
  ) {
    problems.push(
      flag(
        'CLOSED_WITHOUT_ACTUAL_COMPLETION',
        'WARNING',
        'primaryCompletionDate',
        `the study is ${r.status} but its primary completion date is not ACTUAL`,
      ),
    );
  }
  // 42 CFR 11.10(b): once the primary completion date is actual, the enrollment is the actual one.
  if (r.primaryCompletionDate?.type === 'ACTUAL' && r.enrollment !== null && r.enrollment.type !== 'ACTUAL') {
    problems.push(
      flag(
        'ENROLLMENT_NOT_ACTUAL',
        'WARNING',
        'enrollment',
        `the primary completion date is ACTUAL but the enrollment of ${r.enrollment.count} is not`,
      ),
    );
  }
  return problems;
};

const key = (f: RegistryFlag): string => `${f.code}|${f.field}|${f.message}`;

/** Problems in `after` that `before` did not have: what a change itself introduced. */
export const newProblems = (before: RegistryFlag[], after: RegistryFlag[]): RegistryFlag[] => {
  const known = new Set(before.map(key));
  return after.filter((f) => !known.has(key(f)));
};
