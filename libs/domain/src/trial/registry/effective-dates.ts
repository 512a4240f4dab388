import { PartialDate, comparePartialDates } from '../../shared/partial-date';
import { EffectiveDate, ObservedField } from '../trial.events';
import { DateStruct, TrialStatus } from '../trial.values';
import { RegistryVersion } from './registry-version';
import { DEFAULT_UNKNOWN_POLICY, UnknownPolicy, unknownFrom } from './unknown-status';

const posted = (version: RegistryVersion): EffectiveDate => ({ date: version.postedDate, basis: 'postedDate' });

const actual = (value: DateStruct | undefined): PartialDate | null => (value?.type === 'ACTUAL' ? value.date : null);

/**
 * The record's own date for a status, where it states one: an ACTUAL start for the recruiting statuses, an ACTUAL
 * completion for COMPLETED and TERMINATED (42 CFR 11.10(a): completion "whether the clinical trial concluded
 * according to the pre-specified protocol or was terminated").
 */
const statusDate = (version: RegistryVersion, status: TrialStatus, policy: UnknownPolicy): EffectiveDate => {
  const r = version.record;
  if (status === 'RECRUITING' || status === 'ENROLLING_BY_INVITATION') {
    const start = actual(r.startDate);
    if (start) return { date: start, basis: 'startDate' };
  }
  if (status === 'COMPLETED' || status === 'TERMINATED') {
    const end = actual(r.completionDate);
    if (end) return { date: end, basis: 'completionDate' };
  }
  if (status === 'UNKNOWN' && r.statusVerifiedDate) {
    // Never earlier than the registry could derive it, and never later than it showed it.
    const derivable = unknownFrom(r.statusVerifiedDate, policy);
    if (version.postedDate !== null && comparePartialDates(derivable, version.postedDate) <= 0)
      return { date: derivable, basis: 'unknownDerivation' };
  }
  return posted(version);
};

/** The date a field's change took effect, as the version states it; never the time it was imported. */
export const effectiveDateOf = (
  field: ObservedField,
  version: RegistryVersion,
  policy: UnknownPolicy = DEFAULT_UNKNOWN_POLICY,
): EffectiveDate => {
  const r = version.record;
  switch (field) {
    case 'status':
      return statusDate(version, r.status, policy);
    case 'startDate':
    case 'primaryCompletionDate':
    case 'completionDate': {
      const date = actual(r[field]);
      return date ? { date, basis: field } : posted(version);
    }
    case 'statusVerifiedDate':
      return r.statusVerifiedDate ? { date: r.statusVerifiedDate, basis: 'statusVerifiedDate' } : posted(version);
    case 'firstSubmittedDate':
      return r.firstSubmittedDate ? { date: r.firstSubmittedDate, basis: 'firstSubmittedDate' } : posted(version);
    default:
      return posted(version);
  }
};
