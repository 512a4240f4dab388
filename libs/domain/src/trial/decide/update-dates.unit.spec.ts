import { given } from '../../testing/given-when-then';
import { nctId, registeredAs, violationsOf } from '../../testing/trial-fixtures';
import { UpdateDates } from '../trial.commands';
import { DateStruct } from '../trial.values';

const estimated = (date: string): DateStruct => ({ date, type: 'ESTIMATED' });
const actual = (date: string): DateStruct => ({ date, type: 'ACTUAL' });
const setDates = (dates: Omit<UpdateDates['data'], 'nctId'>): UpdateDates => ({ type: 'UpdateDates', data: { nctId, ...dates } });
const datesUpdated = (dates: Omit<UpdateDates['data'], 'nctId'>) => [{ type: 'TrialDatesUpdated' as const, data: { nctId, ...dates } }];

const planned = [registeredAs('NOT_YET_RECRUITING', { startDate: estimated('2024-01'), completionDate: estimated('2028') })];

describe('UpdateDates', () => {
  it('emits only the dates that change', () => {
    given(planned)
      .when(setDates({ startDate: actual('2024-01-15'), completionDate: estimated('2028') }))
      .then(datesUpdated({ startDate: actual('2024-01-15') }));
  });

  it('treats an ESTIMATED date becoming ACTUAL on the same day as a change', () => {
    given(planned)
      .when(setDates({ startDate: actual('2024-01') }))
      .then(datesUpdated({ startDate: actual('2024-01') }));
  });

  it('sets a date the trial did not have', () => {
    given(planned)
      .when(setDates({ primaryCompletionDate: estimated('2027-06') }))
      .then(datesUpdated({ primaryCompletionDate: estimated('2027-06') }));
  });

  it('refuses dates that change nothing', () => {
    given(planned)
      .when(setDates({ startDate: estimated('2024-01'), completionDate: estimated('2028') }))
      .thenThrows('NO_CHANGE', { nctId });
  });

  it('refuses a command with no date at all', () => {
    given(planned).when(setDates({})).thenThrows('VALIDATION_FAILED', violationsOf('startDate'));
  });

  it('lists every invalid date by field', () => {
    given(planned)
      .when(setDates({ startDate: actual('2021-02-30'), primaryCompletionDate: estimated('2021-13'), completionDate: estimated('21-01') }))
      .thenThrows('VALIDATION_FAILED', violationsOf('startDate.date', 'primaryCompletionDate.date', 'completionDate.date'));
  });

  it('refuses a date type other than ACTUAL or ESTIMATED', () => {
    given(planned)
      .when(setDates({ completionDate: { date: '2029', type: 'HOPED' as 'ACTUAL' } }))
      .thenThrows('VALIDATION_FAILED', violationsOf('completionDate.type'));
  });

  it('refuses an unregistered trial', () => {
    given([])
      .when(setDates({ startDate: actual('2024') }))
      .thenThrows('TRIAL_NOT_FOUND', { nctId });
  });
});

describe('UpdateDates on a final trial', () => {
  it('still records the actual dates after completion', () => {
    given([registeredAs('COMPLETED', { completionDate: estimated('2028') })])
      .when(setDates({ completionDate: actual('2027-11-30') }))
      .then(datesUpdated({ completionDate: actual('2027-11-30') }));
  });
});
