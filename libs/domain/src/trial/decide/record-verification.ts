import { DomainError, violation } from '../../shared/domain-error';
import { PartialDate, comparePartialDates, isPartialDate } from '../../shared/partial-date';
import { RecordVerification } from '../trial.commands';
import { TrialVerified } from '../trial.events';
import { TrialState } from '../trial.state';
import { Violations, requireRegistered } from './invariants';

/**
 * The sponsor confirmed the whole record (42 CFR 11.64(a)(1): at least every 12 months). A verification is a month
 * or a day, never in the future, and never earlier than the one already recorded.
 */
export const recordVerification = (command: RecordVerification, state: TrialState, today: PartialDate | null): TrialVerified[] => {
  const { nctId } = command.data;
  const verifiedOn = command.data.verifiedOn ?? today;
  const trial = requireRegistered(state, nctId);
  if (verifiedOn === null) throw violation('verifiedOn', 'is required when the day of the decision is not known');
  const precise = isPartialDate(verifiedOn) && verifiedOn.length >= 7;
  new Violations()
    .check(precise, 'verifiedOn', 'must be a month or a day: yyyy-MM or yyyy-MM-dd')
    .check(!precise || today === null || comparePartialDates(verifiedOn, today) <= 0, 'verifiedOn', `must not be after today (${today})`)
    .throwIfAny();
  const held = trial.statusVerifiedDate;
  if (held !== null && comparePartialDates(verifiedOn, held) < 0) {
    throw new DomainError('NO_CHANGE', `Trial ${nctId} is already verified on ${held}, later than ${verifiedOn}`, {
      nctId,
      statusVerifiedDate: held,
    });
  }
  return [{ type: 'TrialVerified', data: { nctId, verifiedOn } }];
};
