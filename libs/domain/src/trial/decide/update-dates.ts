import { DomainError } from '../../shared/domain-error';
import { UpdateDates } from '../trial.commands';
import { TrialDatesUpdated } from '../trial.events';
import { TrialState } from '../trial.state';
import { TRIAL_DATE_FIELDS, DateStruct } from '../trial.values';
import { Violations, checkDate, requireRegistered } from './invariants';

const sameDate = (a: DateStruct | null, b: DateStruct): boolean => a?.date === b.date && a.type === b.type;

/** Only the dates that really change are recorded, so the history never shows a change that was not one. */
export const updateDates = (command: UpdateDates, state: TrialState): TrialDatesUpdated[] => {
  const { nctId } = command.data;
  const trial = requireRegistered(state, nctId);
  const v = new Violations().check(
    TRIAL_DATE_FIELDS.some((f) => command.data[f] !== undefined),
    'startDate',
    'at least one of startDate, primaryCompletionDate, completionDate is required',
  );
  TRIAL_DATE_FIELDS.forEach((field) => checkDate(v, field, command.data[field]));
  v.throwIfAny();
  const changed: TrialDatesUpdated['data'] = { nctId };
  for (const field of TRIAL_DATE_FIELDS) {
    const next = command.data[field];
    if (next !== undefined && !sameDate(trial[field], next)) changed[field] = { date: next.date, type: next.type };
  }
  if (Object.keys(changed).length === 1) {
    throw new DomainError('NO_CHANGE', `The dates of ${nctId} already have these values`, { nctId });
  }
  return [{ type: 'TrialDatesUpdated', data: changed }];
};
