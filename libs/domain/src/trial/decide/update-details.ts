import { DomainError } from '../../shared/domain-error';
import { STATUSES_REQUIRING_WHY_STOPPED } from '../status-transitions';
import { UpdateDetails } from '../trial.commands';
import { DETAIL_FIELDS, RecordDetails, TrialDetailsUpdated } from '../trial.events';
import { RegisteredTrial, TrialState } from '../trial.state';
import { Violations, requireRegistered } from './invariants';

const sameValue = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

const checkDetails = (trial: RegisteredTrial, d: RecordDetails): void => {
  const v = new Violations()
    .check(
      DETAIL_FIELDS.some((f) => d[f] !== undefined),
      'title',
      `name at least one of ${DETAIL_FIELDS.join(', ')}`,
    )
    .check(d.title === undefined || d.title.trim() !== '', 'title', 'must not be empty')
    .check(d.officialTitle === undefined || d.officialTitle.trim() !== '', 'officialTitle', 'must not be empty')
    .check(new Set(d.phases ?? []).size === (d.phases ?? []).length, 'phases', 'must not repeat a phase')
    .check(
      (d.conditions ?? []).every((c) => c.trim() !== ''),
      'conditions',
      'must not hold an empty condition',
    )
    .check(
      (d.collaborators ?? []).every((c) => c.name.trim() !== ''),
      'collaborators',
      'each needs a name',
    )
    .check(
      (d.secondaryIds ?? []).every((s) => s.id.trim() !== ''),
      'secondaryIds',
      'each needs an id',
    );
  if (d.whyStopped !== undefined) {
    v.check(d.whyStopped.trim() !== '', 'whyStopped', 'must not be empty').check(
      STATUSES_REQUIRING_WHY_STOPPED.includes(trial.status),
      'whyStopped',
      `is kept only while the study is stopped (${STATUSES_REQUIRING_WHY_STOPPED.join(', ')}); it is ${trial.status}`,
    );
  }
  v.throwIfAny();
};

/** Edits to fields with no lifecycle of their own; only real changes are recorded, so the history shows no non-change. */
export const updateDetails = (command: UpdateDetails, state: TrialState): TrialDetailsUpdated[] => {
  const { nctId, ...details } = command.data;
  const trial = requireRegistered(state, nctId);
  checkDetails(trial, details);
  const changed = DETAIL_FIELDS.filter((f) => details[f] !== undefined && !sameValue(details[f], trial[f]));
  if (changed.length === 0) throw new DomainError('NO_CHANGE', `The details of ${nctId} already have these values`, { nctId });
  const data = Object.fromEntries(changed.map((f) => [f, JSON.parse(JSON.stringify(details[f]))])) as RecordDetails;
  return [{ type: 'TrialDetailsUpdated', data: { nctId, ...data } }];
};
