import { DomainError } from '../../shared/domain-error';
import { allowedTargets, correctionTargets } from '../status-transitions';
import { UpdateStatus } from '../trial.commands';
import { TrialStatusChanged, TrialStatusCorrected } from '../trial.events';
import { RegisteredTrial, TrialState } from '../trial.state';
import { TrialStatus, isOperatorStatus } from '../trial.values';
import { Violations, checkWhyStopped, hasActualEnrollment, requireRegistered } from './invariants';

const refuse = (from: TrialStatus, to: TrialStatus, allowed: TrialStatus[], why: string): DomainError =>
  new DomainError('INVALID_STATUS_TRANSITION', `Cannot change status from ${from} to ${to}: ${why}`, { from, to, allowed });

/** The targets this command may reach: the lifecycle's, or as a correction the others of the same family. */
const reachable = (trial: RegisteredTrial, correction: boolean): TrialStatus[] =>
  correction ? correctionTargets(trial.status, trial.lastKnownStatus) : allowedTargets(trial.status, trial.lastKnownStatus);

const checkTarget = (trial: RegisteredTrial, to: TrialStatus, correction: boolean): void => {
  const from = trial.status;
  const allowed = reachable(trial, correction);
  if (!isOperatorStatus(to)) {
    const why =
      to === 'UNKNOWN'
        ? 'UNKNOWN is derived by the registry when an open record goes unverified for two years; record a verification instead'
        : `${to} is shown by the registry and set by no sponsor`;
    throw refuse(from, to, allowed, why);
  }
  if (allowed.includes(to)) return;
  const why = correction
    ? `as a correction only ${allowed.join(', ') || 'nothing'}; ${to} is an ordinary change`
    : `allowed: ${allowed.length ? allowed.join(', ') : 'none (final status)'}; a move the lifecycle leaves out is recorded as a correction with its reason`;
  throw refuse(from, to, allowed, why);
};

export const updateStatus = (command: UpdateStatus, state: TrialState): (TrialStatusChanged | TrialStatusCorrected)[] => {
  const { nctId, status: to, whyStopped, correction = false } = command.data;
  const trial = requireRegistered(state, nctId);
  const from = trial.status;
  checkTarget(trial, to, correction);
  if (to === 'WITHDRAWN' && hasActualEnrollment(trial.enrollment)) {
    throw refuse(
      from,
      to,
      reachable(trial, correction).filter((s) => s !== 'WITHDRAWN'),
      `${trial.enrollment?.count} participants are actually enrolled`,
    );
  }
  checkWhyStopped(new Violations(), to, whyStopped).throwIfAny();
  const data = whyStopped === undefined ? { nctId, from, to } : { nctId, from, to, whyStopped };
  return [correction ? { type: 'TrialStatusCorrected', data } : { type: 'TrialStatusChanged', data }];
};
