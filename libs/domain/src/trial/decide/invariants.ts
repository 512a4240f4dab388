import { FieldViolation, ValidationError, DomainError } from '../../shared/domain-error';
import { isNctId } from '../../shared/nct-id';
import { isPartialDate } from '../../shared/partial-date';
import { RegisteredTrial, TrialState } from '../trial.state';
import { DATE_TYPES, DateStruct, DateType, Enrollment, TrialStatus } from '../trial.values';
import { STATUSES_REQUIRING_WHY_STOPPED } from '../status-transitions';

/** Collects every violation of a command before failing, so a caller can fix them all at once. */
export class Violations {
  private readonly list: FieldViolation[] = [];

  check(ok: boolean, field: string, message: string): this {
    if (!ok) this.list.push({ field, message });
    return this;
  }

  throwIfAny(): void {
    if (this.list.length > 0) throw new ValidationError(this.list);
  }
}

export const checkNctId = (v: Violations, nctId: string): Violations =>
  v.check(isNctId(nctId), 'nctId', 'must be "NCT" followed by 8 digits');

export const checkDate = (v: Violations, field: string, value: DateStruct | undefined): Violations => {
  if (value === undefined) return v;
  return v
    .check(isPartialDate(value.date), `${field}.date`, 'must be a real date as yyyy, yyyy-MM or yyyy-MM-dd')
    .check(DATE_TYPES.includes(value.type as DateType), `${field}.type`, 'must be ACTUAL or ESTIMATED');
};

export const checkEnrollment = (v: Violations, field: string, value: Enrollment | undefined): Violations => {
  if (value === undefined) return v;
  return v
    .check(Number.isSafeInteger(value.count) && value.count >= 0, `${field}.count`, 'must be a whole number ≥ 0')
    .check(DATE_TYPES.includes(value.type as DateType), `${field}.type`, 'must be ACTUAL or ESTIMATED');
};

export const checkWhyStopped = (v: Violations, status: TrialStatus, whyStopped: string | undefined): Violations =>
  v.check(
    !STATUSES_REQUIRING_WHY_STOPPED.includes(status) || (whyStopped?.trim() ?? '') !== '',
    'whyStopped',
    `is required when the status is ${status}`,
  );

/** Withdrawal means no participant was ever enrolled; an actual enrollment above zero rules it out. */
export const hasActualEnrollment = (enrollment: Enrollment | null | undefined): boolean =>
  enrollment?.type === 'ACTUAL' && enrollment.count > 0;

export const requireRegistered = (state: TrialState, nctId: string): RegisteredTrial => {
  if (!state.registered) {
    throw new DomainError('TRIAL_NOT_FOUND', `Trial ${nctId} is not registered`, { nctId });
  }
  return state;
};
