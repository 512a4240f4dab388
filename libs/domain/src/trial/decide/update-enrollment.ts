import { DomainError } from '../../shared/domain-error';
import { UpdateEnrollment } from '../trial.commands';
import { EnrollmentUpdated } from '../trial.events';
import { TrialState } from '../trial.state';
import { Violations, checkEnrollment, requireRegistered } from './invariants';

export const updateEnrollment = (command: UpdateEnrollment, state: TrialState): EnrollmentUpdated[] => {
  const { nctId, count, type } = command.data;
  const trial = requireRegistered(state, nctId);
  checkEnrollment(new Violations(), 'enrollment', { count, type }).throwIfAny();
  if (trial.enrollment?.count === count && trial.enrollment.type === type) {
    throw new DomainError('NO_CHANGE', `Enrollment of ${nctId} is already ${count} (${type})`, { nctId });
  }
  if (trial.status === 'WITHDRAWN' && type === 'ACTUAL' && count > 0) {
    throw new DomainError(
      'INVALID_STATUS_TRANSITION',
      `Trial ${nctId} was withdrawn before enrollment; it cannot have actual participants`,
      {
        from: trial.status,
        to: trial.status,
        allowed: [],
      },
    );
  }
  return [{ type: 'EnrollmentUpdated', data: { nctId, count, type } }];
};
