import { given } from './given-when-then';
import { registeredAs, updateStatus } from './trial-fixtures';

// The helper is what every decider spec trusts, so it must fail loudly when the outcome differs.
describe('given/when/then', () => {
  const history = [registeredAs('RECRUITING')];

  it('fails thenThrows when the command succeeds', () => {
    expect(() => given(history).when(updateStatus('COMPLETED')).thenThrows('INVALID_STATUS_TRANSITION')).toThrow(
      'Expected a DomainError INVALID_STATUS_TRANSITION, but it decided',
    );
  });

  it('fails thenThrows on another code or other details', () => {
    expect(() => given(history).when(updateStatus('NOT_YET_RECRUITING')).thenThrows('NO_CHANGE')).toThrow();
    expect(() =>
      given(history).when(updateStatus('NOT_YET_RECRUITING')).thenThrows('INVALID_STATUS_TRANSITION', { from: 'SUSPENDED' }),
    ).toThrow();
  });

  it('fails then when the decided events differ', () => {
    expect(() => given(history).when(updateStatus('COMPLETED')).then([])).toThrow();
  });

  it('returns the error for further checks', () => {
    const error = given([]).when(updateStatus('RECRUITING')).thenThrows('TRIAL_NOT_FOUND');
    expect(error.message).toContain('is not registered');
  });
});
