import { StreamBuilder, registered } from './testing/recorded-events';
import { replaySteps } from './trial-replay';

describe('replaySteps', () => {
  const nctId = 'NCT02985346';

  it('gives the state after each event, in order, without the registered flag', () => {
    const b = new StreamBuilder();
    const events = [
      b.record(registered(nctId)),
      b.record({ type: 'TrialStatusChanged', data: { nctId, from: 'NOT_YET_RECRUITING', to: 'UNKNOWN' } }),
      b.record({ type: 'EnrollmentUpdated', data: { nctId, count: 4, type: 'ACTUAL' } }),
    ];
    const steps = replaySteps(events);
    expect(steps.map((s) => s.event.revision)).toEqual([1, 2, 3]);
    expect(steps.map((s) => [s.state.status, s.state.lastKnownStatus, s.state.enrollment?.count])).toEqual([
      ['NOT_YET_RECRUITING', null, 100],
      ['UNKNOWN', 'NOT_YET_RECRUITING', 100],
      ['UNKNOWN', 'NOT_YET_RECRUITING', 4],
    ]);
    expect(steps[0].state).not.toHaveProperty('registered');
  });

  it('refuses a stream that does not start with the registration', () => {
    const b = new StreamBuilder();
    const orphan = b.record({ type: 'EnrollmentUpdated', data: { nctId, count: 4, type: 'ACTUAL' } });
    expect(() => replaySteps([orphan])).toThrow(/never registered/);
  });
});
