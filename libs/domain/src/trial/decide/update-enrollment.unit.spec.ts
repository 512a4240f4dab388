import { given } from '../../testing/given-when-then';
import { nctId, registeredAs, violationsOf } from '../../testing/trial-fixtures';
import { UpdateEnrollment } from '../trial.commands';
import { DateType } from '../trial.values';

const enroll = (count: number, type: DateType): UpdateEnrollment => ({ type: 'UpdateEnrollment', data: { nctId, count, type } });
const enrolled = (count: number, type: DateType) => [{ type: 'EnrollmentUpdated' as const, data: { nctId, count, type } }];
// The fixture registers 68 ESTIMATED participants.
const recruiting = [registeredAs('RECRUITING')];

describe('UpdateEnrollment', () => {
  it('records a new count', () => {
    given(recruiting).when(enroll(12, 'ACTUAL')).then(enrolled(12, 'ACTUAL'));
  });

  it('treats the same count with another type as a change', () => {
    given(recruiting).when(enroll(68, 'ACTUAL')).then(enrolled(68, 'ACTUAL'));
  });

  it('refuses the count and type the trial already has', () => {
    given(recruiting).when(enroll(68, 'ESTIMATED')).thenThrows('NO_CHANGE', { nctId });
  });

  it('sets a first enrollment on a trial registered without one', () => {
    given([registeredAs('RECRUITING', { enrollment: undefined })])
      .when(enroll(0, 'ACTUAL'))
      .then(enrolled(0, 'ACTUAL'));
  });

  it.each([-3, 2.5])('refuses a count of %p', (count) => {
    given(recruiting).when(enroll(count, 'ACTUAL')).thenThrows('VALIDATION_FAILED', violationsOf('enrollment.count'));
  });

  it('refuses a type other than ACTUAL or ESTIMATED', () => {
    given(recruiting)
      .when(enroll(5, 'COUNTED' as DateType))
      .thenThrows('VALIDATION_FAILED', violationsOf('enrollment.type'));
  });

  describe('on a WITHDRAWN trial', () => {
    const withdrawn = [registeredAs('WITHDRAWN', { whyStopped: 'No funding' })];

    it('refuses actual participants, since withdrawal means nobody was enrolled', () => {
      given(withdrawn)
        .when(enroll(4, 'ACTUAL'))
        .thenThrows('INVALID_STATUS_TRANSITION', { from: 'WITHDRAWN', to: 'WITHDRAWN', allowed: [] });
    });

    it('accepts an ACTUAL count of zero and a new estimate', () => {
      given(withdrawn).when(enroll(0, 'ACTUAL')).then(enrolled(0, 'ACTUAL'));
      given(withdrawn).when(enroll(20, 'ESTIMATED')).then(enrolled(20, 'ESTIMATED'));
    });
  });

  it('still corrects the count of a final trial other than WITHDRAWN', () => {
    given([registeredAs('COMPLETED')])
      .when(enroll(71, 'ACTUAL'))
      .then(enrolled(71, 'ACTUAL'));
  });

  it('refuses an unregistered trial', () => {
    given([]).when(enroll(1, 'ACTUAL')).thenThrows('TRIAL_NOT_FOUND', { nctId });
  });
});
