import { DomainError } from '../shared/domain-error';
import { TrialCommand } from '../trial/trial.commands';
import { TrialEvent } from '../trial/trial.events';
import { decide, evolveAll } from '../trial/trial.decider';

/** given(events).when(command) → then the events it decides, or the error it raises. */
export const given = (history: TrialEvent[]) => ({
  when: (command: TrialCommand) => {
    const run = () => decide(command, evolveAll(history));
    return {
      then: (expected: TrialEvent[]) => expect(run()).toEqual(expected),
      thenThrows: (code: string, details: Record<string, unknown> = {}) => {
        let error: unknown;
        try { run(); } catch (e) { error = e; }
        expect(error).toBeInstanceOf(DomainError);
        expect((error as DomainError).code).toBe(code);
        expect((error as DomainError).details).toMatchObject(details);
        return error as DomainError;
      },
    };
  },
});
