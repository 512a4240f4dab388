import { given } from '../../testing/given-when-then';
import { actualEnrollment, nctId, registeredAs, statusChanged, updateStatus } from '../../testing/trial-fixtures';
import { TRIAL_STATUSES, TrialStatus } from '../trial.values';
import { EXPECTED_TRANSITIONS, NEEDS_WHY_STOPPED, pairsFrom } from './update-status.fixtures';

const why = (to: TrialStatus) => (NEEDS_WHY_STOPPED.includes(to) ? 'Funding withdrawn' : undefined);

// Every trial here is registered straight into its status, as an import would, so the table is checked in isolation.
const registeredIn = (from: TrialStatus) => [registeredAs(from, { whyStopped: why(from) })];

describe('UpdateStatus: the transition table', () => {
  const froms = Object.keys(EXPECTED_TRANSITIONS) as TrialStatus[];

  it('covers every status an operator sets as a source: all but UNKNOWN and WITHHELD', () => {
    expect([...froms].sort()).toEqual(TRIAL_STATUSES.filter((s) => s !== 'UNKNOWN' && s !== 'WITHHELD').sort());
  });

  describe.each(froms)('from %s', (from) => {
    const allowed = EXPECTED_TRANSITIONS[from];
    const { allowedPairs, refusedPairs } = pairsFrom(allowed);

    if (allowedPairs.length > 0) {
      it.each(allowedPairs)('allows → %s', (to) => {
        given(registeredIn(from))
          .when(updateStatus(to, why(to)))
          .then([statusChanged(from, to, why(to))]);
      });
    }

    it.each(refusedPairs)('refuses → %s, naming from, to and the allowed targets', (to) => {
      given(registeredIn(from))
        .when(updateStatus(to, why(to)))
        .thenThrows('INVALID_STATUS_TRANSITION', { from, to, allowed: [...allowed] });
    });
  });

  it.each<TrialStatus>(['COMPLETED', 'TERMINATED', 'WITHDRAWN', 'NO_LONGER_AVAILABLE', 'APPROVED_FOR_MARKETING'])(
    '%s is final: no ordinary target at all',
    (from) => {
      for (const to of TRIAL_STATUSES) {
        given(registeredIn(from)).when(updateStatus(to, 'Reopened')).thenThrows('INVALID_STATUS_TRANSITION', { allowed: [] });
      }
    },
  );
});

describe('UpdateStatus: whyStopped', () => {
  const fromRecruiting = [registeredAs('RECRUITING')];

  it.each(NEEDS_WHY_STOPPED)('is required to move to %s', (to) => {
    for (const whyStopped of [undefined, '', ' \t ']) {
      const error = given(fromRecruiting).when(updateStatus(to, whyStopped)).thenThrows('VALIDATION_FAILED');
      expect(error.details).toMatchObject({ violations: [{ field: 'whyStopped' }] });
    }
  });

  it('is not required to move to a running status', () => {
    given(fromRecruiting)
      .when(updateStatus('ACTIVE_NOT_RECRUITING'))
      .then([statusChanged('RECRUITING', 'ACTIVE_NOT_RECRUITING')]);
  });
});

describe('UpdateStatus: WITHDRAWN before any participant', () => {
  it('is refused once participants are actually enrolled, and WITHDRAWN is dropped from the allowed list', () => {
    given([registeredAs('RECRUITING'), actualEnrollment(2)])
      .when(updateStatus('WITHDRAWN', 'Sponsor decision'))
      .thenThrows('INVALID_STATUS_TRANSITION', {
        from: 'RECRUITING',
        to: 'WITHDRAWN',
        allowed: EXPECTED_TRANSITIONS.RECRUITING.filter((s) => s !== 'WITHDRAWN'),
      });
  });

  it('is allowed while the enrollment is only ESTIMATED', () => {
    given([registeredAs('RECRUITING', { enrollment: { count: 68, type: 'ESTIMATED' } })])
      .when(updateStatus('WITHDRAWN', 'Sponsor decision'))
      .then([statusChanged('RECRUITING', 'WITHDRAWN', 'Sponsor decision')]);
  });

  it('is allowed with an ACTUAL enrollment of zero', () => {
    given([registeredAs('RECRUITING'), actualEnrollment(0)])
      .when(updateStatus('WITHDRAWN', 'Sponsor decision'))
      .then([statusChanged('RECRUITING', 'WITHDRAWN', 'Sponsor decision')]);
  });
});

describe('UpdateStatus: an unregistered trial', () => {
  it('is not found', () => {
    given([]).when(updateStatus('RECRUITING')).thenThrows('TRIAL_NOT_FOUND', { nctId });
  });
});
