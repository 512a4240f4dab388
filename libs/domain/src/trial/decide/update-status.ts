import { DomainError } from '../../shared/domain-error';
import { allowedTargets } from '../status-transitions';
import { UpdateStatus } from '../trial.commands';
import { TrialStatusChanged } from '../trial.events';
import { TrialState } from '../trial.state';
import { Violations, checkWhyStopped, hasActualEnrollment, requireRegistered } from './invariants';

export const updateStatus = (command: UpdateStatus, state: TrialState): TrialStatusChanged[] => {
  const { nctId, status: to, whyStopped } = command.data;
  const trial = requireRegistered(state, nctId);
  const from = trial.status;
  const allowed = allowedTargets(from, trial.lastKnownStatus);
  if (!allowed.includes(to)) {
    throw new DomainError(
      'INVALID_STATUS_TRANSITION',
      `Cannot change status from ${from} to ${to}; allowed: ${allowed.length ? allowed.join(', ') : 'none (final status)'}`,
      { from, to, allowed },
    );
  }
  if (to === 'WITHDRAWN' && hasActualEnrollment(trial.enrollment)) {
    throw new DomainError(
      'INVALID_STATUS_TRANSITION',
      `Cannot change status from ${from} to WITHDRAWN: ${trial.enrollment?.count} participants are actually enrolled`,
      { from, to, allowed: allowed.filter((s) => s !== 'WITHDRAWN') },
    );
  }
  checkWhyStopped(new Violations(), to, whyStopped).throwIfAny();
  const data = whyStopped === undefined ? { nctId, from, to } : { nctId, from, to, whyStopped };
  return [{ type: 'TrialStatusChanged', data }];
};
