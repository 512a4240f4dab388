import { DomainError } from '../../shared/domain-error';
import { RegisterTrial } from '../trial.commands';
import { TrialRegistered } from '../trial.events';
import { TrialState } from '../trial.state';
import { TRIAL_DATE_FIELDS, isOperatorStatus } from '../trial.values';
import { Violations, checkDate, checkEnrollment, checkNctId, checkWhyStopped, hasActualEnrollment } from './invariants';

/**
 * A trial can enter the ledger at any point of its life (an import of a registry record that is already
 * COMPLETED, say); the same rules that guard a status change guard the status it is registered with.
 */
export const registerTrial = (command: RegisterTrial, state: TrialState): TrialRegistered[] => {
  const data = command.data;
  if (state.registered) {
    throw new DomainError('TRIAL_ALREADY_REGISTERED', `Trial ${data.nctId} is already registered`, { nctId: data.nctId });
  }
  const status = data.status ?? 'NOT_YET_RECRUITING';
  const v = checkNctId(new Violations(), data.nctId)
    .check(data.title.trim() !== '', 'title', 'must not be empty')
    .check(data.sponsor.name.trim() !== '', 'sponsor.name', 'must not be empty')
    .check(
      isOperatorStatus(status),
      'status',
      `${status} is shown by the registry, never registered by an operator (UNKNOWN is derived from a lapsed verification)`,
    )
    .check(data.lastKnownStatus === undefined, 'lastKnownStatus', 'is recorded only by the registry, with UNKNOWN')
    .check(
      !(status === 'WITHDRAWN' && hasActualEnrollment(data.enrollment)),
      'status',
      'WITHDRAWN is only possible before any actual enrollment',
    );
  checkWhyStopped(v, status, data.whyStopped);
  checkEnrollment(v, 'enrollment', data.enrollment);
  TRIAL_DATE_FIELDS.forEach((field) => checkDate(v, field, data[field]));
  v.throwIfAny();
  return [{ type: 'TrialRegistered', data: { ...data, status } }];
};
