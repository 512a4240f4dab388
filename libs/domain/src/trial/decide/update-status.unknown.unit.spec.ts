import { given } from '../../testing/given-when-then';
import { registeredAs, statusChanged, updateStatus } from '../../testing/trial-fixtures';
import { TRIAL_STATUSES, TrialStatus } from '../trial.values';
import { EXPECTED_TRANSITIONS, NEEDS_WHY_STOPPED, pairsFrom } from './update-status.fixtures';

const why = (to: TrialStatus) => (NEEDS_WHY_STOPPED.includes(to) ? 'Funding withdrawn' : undefined);

/** Leaving UNKNOWN goes back to the last known status or on to where that status could have gone. */
const expectedFromUnknown = (last: TrialStatus): TrialStatus[] =>
  [last, ...EXPECTED_TRANSITIONS[last].filter((s) => s !== 'UNKNOWN')];

const lastKnownStatuses = (Object.keys(EXPECTED_TRANSITIONS) as TrialStatus[])
  .filter((s) => EXPECTED_TRANSITIONS[s].includes('UNKNOWN'));

describe('UpdateStatus: UNKNOWN', () => {
  it.each(lastKnownStatuses)('%s → UNKNOWN is recorded from the known status', (last) => {
    given([registeredAs(last, { whyStopped: why(last) })]).when(updateStatus('UNKNOWN'))
      .then([statusChanged(last, 'UNKNOWN')]);
  });

  describe.each(lastKnownStatuses)('after %s → UNKNOWN', (last) => {
    const history = [registeredAs(last, { whyStopped: why(last) }), statusChanged(last, 'UNKNOWN')];
    const allowed = expectedFromUnknown(last);
    const { allowedPairs, refusedPairs } = pairsFrom(allowed);

    it.each(allowedPairs)('allows → %s', (to) => {
      given(history).when(updateStatus(to, why(to))).then([statusChanged('UNKNOWN', to, why(to))]);
    });

    it.each(refusedPairs)('refuses → %s', (to) => {
      given(history).when(updateStatus(to, why(to)))
        .thenThrows('INVALID_STATUS_TRANSITION', { from: 'UNKNOWN', to, allowed });
    });
  });

  it('UNKNOWN → UNKNOWN is refused even without a last known status', () => {
    given([registeredAs('UNKNOWN')]).when(updateStatus('UNKNOWN')).thenThrows('INVALID_STATUS_TRANSITION', { from: 'UNKNOWN', to: 'UNKNOWN' });
  });

  it('a trial registered as UNKNOWN without a last known status may leave to any other status', () => {
    for (const to of TRIAL_STATUSES.filter((s) => s !== 'UNKNOWN')) {
      given([registeredAs('UNKNOWN')]).when(updateStatus(to, why(to))).then([statusChanged('UNKNOWN', to, why(to))]);
    }
  });

  it('a trial registered as UNKNOWN with a final last known status may only return to it', () => {
    const history = [registeredAs('UNKNOWN', { lastKnownStatus: 'COMPLETED' })];
    given(history).when(updateStatus('COMPLETED')).then([statusChanged('UNKNOWN', 'COMPLETED')]);
    given(history).when(updateStatus('RECRUITING')).thenThrows('INVALID_STATUS_TRANSITION', { allowed: ['COMPLETED'] });
  });

  it('still guards whyStopped when leaving UNKNOWN', () => {
    const history = [registeredAs('RECRUITING'), statusChanged('RECRUITING', 'UNKNOWN')];
    given(history).when(updateStatus('TERMINATED')).thenThrows('VALIDATION_FAILED', { violations: [{ field: 'whyStopped' }] });
  });
});
