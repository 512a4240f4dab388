import { DomainError, DomainErrorCode } from '../shared/domain-error';
import { TrialCommand } from '../trial/trial.commands';
import { TrialEvent } from '../trial/trial.events';
import { DecisionContext, decide, evolveAll } from '../trial/trial.decider';

/** Spec-only helper (not exported from the package): given(history).when(command).then(events) | .thenThrows(code). */

const deepFreeze = <T>(value: T): T => {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
};

type Outcome = { events: TrialEvent[] } | { error: unknown };

const attempt = (run: () => TrialEvent[]): Outcome => {
  try {
    return { events: run() };
  } catch (error) {
    return { error };
  }
};

const describeOutcome = (outcome: Outcome): string =>
  'events' in outcome ? `it decided ${JSON.stringify(outcome.events)}` : `it threw ${String(outcome.error)}`;

export const given = (history: readonly TrialEvent[]) => ({
  when: (command: TrialCommand, context?: DecisionContext) => {
    // A frozen state turns any mutation inside decide into a TypeError, so every spec also checks purity.
    const run = () => decide(command, deepFreeze(evolveAll(history)), context);
    return {
      then: (expected: TrialEvent[]): void => {
        expect(run()).toEqual(expected);
      },
      thenThrows: (code: DomainErrorCode, details: Record<string, unknown> = {}): DomainError => {
        const outcome = attempt(run);
        if (!('error' in outcome) || !(outcome.error instanceof DomainError)) {
          throw new Error(`Expected a DomainError ${code}, but ${describeOutcome(outcome)}`);
        }
        expect({ code: outcome.error.code, details: outcome.error.details }).toMatchObject({ code, details });
        return outcome.error;
      },
    };
  },
});
