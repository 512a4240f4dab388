import { given } from '../../testing/given-when-then';
import { nctId, registeredAs, statusChanged, updateStatus } from '../../testing/trial-fixtures';
import { TrialEvent } from '../trial.events';

const verified = (verifiedOn: string): TrialEvent => ({ type: 'TrialVerified', data: { nctId, verifiedOn } });

describe("UpdateStatus: UNKNOWN is the registry's, never an operator's", () => {
  it.each(['NOT_YET_RECRUITING', 'RECRUITING', 'ACTIVE_NOT_RECRUITING', 'SUSPENDED'] as const)('from %s → UNKNOWN is refused', (from) => {
    const error = given([registeredAs(from, from === 'SUSPENDED' ? { whyStopped: 'Paused' } : {})])
      .when(updateStatus('UNKNOWN'))
      .thenThrows('INVALID_STATUS_TRANSITION', { from, to: 'UNKNOWN' });
    expect(error.message).toContain('derived by the registry');
  });

  it('WITHHELD is refused too', () => {
    given([registeredAs('RECRUITING')])
      .when(updateStatus('WITHHELD'))
      .thenThrows('INVALID_STATUS_TRANSITION', { to: 'WITHHELD' });
  });

  it('from an imported UNKNOWN an operator goes on from the last known status', () => {
    given([registeredAs('UNKNOWN', { lastKnownStatus: 'RECRUITING' })])
      .when(updateStatus('COMPLETED'))
      .then([statusChanged('UNKNOWN', 'COMPLETED')]);
  });
});

describe('UpdateStatus as a correction', () => {
  it('reopens a COMPLETED study, recorded as TrialStatusCorrected', () => {
    given([registeredAs('COMPLETED')])
      .when({ type: 'UpdateStatus', data: { nctId, status: 'ACTIVE_NOT_RECRUITING', correction: true } })
      .then([{ type: 'TrialStatusCorrected', data: { nctId, from: 'COMPLETED', to: 'ACTIVE_NOT_RECRUITING' } }]);
  });

  it('takes RECRUITING back to NOT_YET_RECRUITING', () => {
    given([registeredAs('RECRUITING')])
      .when({ type: 'UpdateStatus', data: { nctId, status: 'NOT_YET_RECRUITING', correction: true } })
      .then([{ type: 'TrialStatusCorrected', data: { nctId, from: 'RECRUITING', to: 'NOT_YET_RECRUITING' } }]);
  });

  it('is refused for an ordinary move, which is a status change', () => {
    given([registeredAs('RECRUITING')])
      .when({ type: 'UpdateStatus', data: { nctId, status: 'COMPLETED', correction: true } })
      .thenThrows('INVALID_STATUS_TRANSITION', { from: 'RECRUITING', to: 'COMPLETED' });
  });

  it('without the correction flag the lifecycle refuses the move and says how to record it', () => {
    const error = given([registeredAs('COMPLETED')])
      .when(updateStatus('RECRUITING'))
      .thenThrows('INVALID_STATUS_TRANSITION', { allowed: [] });
    expect(error.message).toContain('correction');
  });
});

describe('RecordVerification', () => {
  const verify = (verifiedOn: string) => ({ type: 'RecordVerification' as const, data: { nctId, verifiedOn } });
  const onDay = { today: '2025-06-30' };

  it('records the month or day the record was verified', () => {
    given([registeredAs('RECRUITING')])
      .when(verify('2025-06'), onDay)
      .then([verified('2025-06')]);
  });

  it('refuses a verification in the future, or only a year', () => {
    given([registeredAs('RECRUITING')])
      .when(verify('2025-07-01'), onDay)
      .thenThrows('VALIDATION_FAILED');
    given([registeredAs('RECRUITING')])
      .when(verify('2025'), onDay)
      .thenThrows('VALIDATION_FAILED');
  });

  it('without a date, is the day of the decision', () => {
    given([registeredAs('RECRUITING')])
      .when({ type: 'RecordVerification', data: { nctId } }, onDay)
      .then([verified('2025-06-30')]);
  });

  it('refuses one earlier than the verification already recorded', () => {
    given([registeredAs('RECRUITING'), verified('2025-05')])
      .when(verify('2025-04'), onDay)
      .thenThrows('NO_CHANGE');
  });
});

describe('operator commands refuse PRS errors', () => {
  it('an ACTUAL date after the day of the decision is refused; without a day that check is left out', () => {
    const start = { type: 'UpdateDates' as const, data: { nctId, startDate: { date: '2025-07-01', type: 'ACTUAL' as const } } };
    given([registeredAs('RECRUITING')])
      .when(start, { today: '2025-06-30' })
      .thenThrows('INCONSISTENT_RECORD', { problems: [expect.objectContaining({ code: 'ACTUAL_DATE_IN_FUTURE', field: 'startDate' })] });
    given([registeredAs('RECRUITING')])
      .when(start, { today: '2025-07-01' })
      .then([{ type: 'TrialDatesUpdated', data: start.data }]);
  });

  it('a start date after the completion date is refused, naming the problem', () => {
    given([registeredAs('RECRUITING', { completionDate: { date: '2024-01', type: 'ESTIMATED' } })])
      .when({ type: 'UpdateDates', data: { nctId, startDate: { date: '2025-01', type: 'ACTUAL' } } })
      .thenThrows('INCONSISTENT_RECORD', { problems: [expect.objectContaining({ code: 'START_AFTER_COMPLETION', severity: 'ERROR' })] });
  });
});

describe('operator commands record PRS warnings with the change', () => {
  it('a study closed while its primary completion date is still estimated is accepted, and the warning recorded', () => {
    given([registeredAs('RECRUITING', { primaryCompletionDate: { date: '2024-06', type: 'ESTIMATED' } })])
      .when(updateStatus('COMPLETED'))
      .then([
        statusChanged('RECRUITING', 'COMPLETED'),
        {
          type: 'ConsistencyWarningsRecorded',
          data: {
            nctId,
            warnings: [
              expect.objectContaining({ code: 'CLOSED_WITHOUT_ACTUAL_COMPLETION', severity: 'WARNING', field: 'primaryCompletionDate' }),
            ],
          },
        },
      ]);
  });

  it('a warning the record already had is not recorded again', () => {
    given([registeredAs('COMPLETED', { primaryCompletionDate: { date: '2024-06', type: 'ESTIMATED' } })])
      .when({ type: 'UpdateEnrollment', data: { nctId, count: 70, type: 'ESTIMATED' } })
      .then([{ type: 'EnrollmentUpdated', data: { nctId, count: 70, type: 'ESTIMATED' } }]);
  });
});
