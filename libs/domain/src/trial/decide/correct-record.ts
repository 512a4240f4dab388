import { DomainError, violation } from '../../shared/domain-error';
import { applyCorrection } from '../corrections';
import { changedAfter, recordedAt } from '../correction-basis';
import { fieldChanges } from '../field-changes';
import { CorrectRecord } from '../trial.commands';
import { RecordCorrected, RecordCorrections } from '../trial.events';
import { CorrectableField, CorrectableRevision, CorrectionBasis, RecordedRevision, RegisteredTrial, TrialState } from '../trial.state';
import { TRIAL_DATE_FIELDS } from '../trial.values';
import { unreachable } from '../unreachable';
import { siteKey } from '../site-id';
import { Violations, checkDate, checkEnrollment, hasActualEnrollment, requireRegistered } from './invariants';

type Correction = RecordCorrected['data'];

const ADDRESS_FIELDS = ['facility', 'city', 'state', 'zip', 'country'] as const;

const notAllowed = (revision: number, target: RecordedRevision, message: string, extra: Record<string, unknown> = {}): DomainError =>
  new DomainError('CORRECTION_NOT_ALLOWED', message, { revision, correctedType: target.type, ...extra });

/** Why the values of the event at a revision are put right otherwise than by a correction. */
const putRightOtherwise = (revision: number, recorded: Exclude<RecordedRevision, CorrectableRevision>): string => {
  switch (recorded.type) {
    case 'RecordCorrected':
      return `Revision ${revision} is a correction; correct revision ${recorded.correctedRevision}, the record it corrected, instead`;
    case 'SiteStatusChanged':
    case 'TrialStatusCorrected':
      return `Revision ${revision} recorded a status; a status is not corrected but changed anew`;
    case 'RegistryVersionObserved':
      return `Revision ${revision} records what the registry showed; only a later registry version changes it`;
    case 'TrialVerified':
      return `Revision ${revision} records a verification; a later verification supersedes it`;
    case 'ConsistencyWarningsRecorded':
      return `Revision ${revision} recorded warnings about the record; correct the record they are about instead`;
    case 'TrialDetailsUpdated':
    case 'SiteRenamed':
    case 'SiteRemoved':
      return `Revision ${revision} recorded an edit (${recorded.type}); a wrong edit is put right by editing again`;
    default:
      return unreachable(recorded);
  }
};

const isCorrectable = (recorded: RecordedRevision): recorded is CorrectableRevision => 'fields' in recorded;

/** The event to correct must exist and record values that are corrected rather than recorded anew. */
const requireCorrectable = (trial: RegisteredTrial, revision: number): CorrectableRevision => {
  const recorded = recordedAt(trial.correctionBasis, revision);
  if (recorded === null) throw violation('revision', `trial ${trial.nctId} has no revision ${revision}`);
  if (isCorrectable(recorded)) return recorded;
  throw notAllowed(revision, recorded, putRightOtherwise(revision, recorded));
};

/** Within its type, only what the event itself recorded can be put right. */
const requireAllowed = (revision: number, target: CorrectableRevision, fields: string[]): CorrectableField[] => {
  if (fields.length === 0) throw violation('corrections', 'name at least one field to correct');
  const allowed: string[] = [...target.fields];
  const isAllowed = (f: string): f is CorrectableField => allowed.includes(f);
  const refused = fields.filter((f) => !isAllowed(f));
  if (refused.length === 0) return fields.filter(isAllowed);
  const status = refused.some((f) => f === 'status' || f === 'lastKnownStatus')
    ? ' A status is never corrected: a wrong status is put right by a new status change, under the transition rules.'
    : '';
  const message =
    `${refused.join(', ')} cannot be corrected on revision ${revision} (${target.type}); ` +
    `correctable there: ${allowed.join(', ') || 'nothing'}.${status}`;
  throw notAllowed(revision, target, message, { fields: refused, allowed });
};

/** A value a later event set is current; correcting the old record would silently overwrite it. */
const requireNotSuperseded = (basis: CorrectionBasis, revision: number, siteId: string | undefined, fields: CorrectableField[]): void => {
  const stale = fields.filter((f) => changedAfter(basis, revision, siteId, f));
  if (stale.length === 0) return;
  throw new DomainError(
    'CORRECTION_SUPERSEDED',
    `${stale.join(', ')} changed after revision ${revision}; a correction of revision ${revision} would overwrite ` +
      'the later value, so record a new update instead',
    { revision, fields: stale },
  );
};

/** The invariants the original commands hold their values to. */
const checkValues = (trial: RegisteredTrial, c: RecordCorrections): void => {
  const v = new Violations();
  if (c.title !== undefined) v.check(c.title.trim() !== '', 'corrections.title', 'must not be empty');
  if (c.sponsor !== undefined) v.check(c.sponsor.name.trim() !== '', 'corrections.sponsor.name', 'must not be empty');
  checkEnrollment(v, 'corrections.enrollment', c.enrollment)
    // The same guard as UpdateEnrollment's: withdrawal means nobody was ever enrolled.
    .check(
      !(trial.status === 'WITHDRAWN' && hasActualEnrollment(c.enrollment)),
      'corrections.enrollment',
      'a WITHDRAWN trial cannot have actual participants',
    );
  TRIAL_DATE_FIELDS.forEach((f) => checkDate(v, `corrections.${f}`, c[f]));
  if (c.whyStopped !== undefined) {
    v.check(c.whyStopped.trim() !== '', 'corrections.whyStopped', 'must not be blank: the status it explains needs a reason');
  }
  for (const f of ADDRESS_FIELDS) {
    const value = c[f];
    if (value !== undefined) v.check(value.trim() !== '', `corrections.${f}`, 'must not be blank');
  }
  v.throwIfAny();
};

/** A corrected address must still tell the site apart from the trial's other sites, as AddSite requires. */
const requireDistinctSite = (trial: RegisteredTrial, siteId: string | undefined, c: RecordCorrections): void => {
  const site = trial.sites.find((s) => s.siteId === siteId);
  if (!site) return;
  const key = siteKey({ ...site, ...c });
  const same = trial.sites.find((s) => s.siteId !== siteId && siteKey(s) === key);
  if (same) {
    const { nctId } = trial;
    throw new DomainError('SITE_ALREADY_EXISTS', `Trial ${nctId} already has this site as ${same.siteId}`, { nctId, siteId: same.siteId });
  }
};

/** Only the fields that really change are recorded, so the history never shows a correction that was none. */
const realChanges = (trial: RegisteredTrial, data: Correction): Correction => {
  const changed = Object.entries(data.corrections).filter(
    ([field, value]) => fieldChanges(trial, applyCorrection(trial, { ...data, corrections: { [field]: value } })).length > 0,
  );
  if (changed.length === 0) {
    const { nctId, correctedRevision: revision } = data;
    const message = `${nctId} already has these values; the correction of revision ${revision} changes nothing`;
    throw new DomainError('NO_CHANGE', message, { nctId, revision });
  }
  return { ...data, corrections: Object.fromEntries(changed) };
};

/** Absent and undefined are the same to a caller; only the fields given count as corrected. */
const presentOnly = (c: RecordCorrections): RecordCorrections => Object.fromEntries(Object.entries(c).filter(([, v]) => v !== undefined));

export const correctRecord = (command: CorrectRecord, state: TrialState): RecordCorrected[] => {
  const { nctId, correctsRevision: revision } = command.data;
  const trial = requireRegistered(state, nctId);
  const target = requireCorrectable(trial, revision);
  const corrections = presentOnly(command.data.corrections);
  const fields = requireAllowed(revision, target, Object.keys(corrections));
  const { siteId } = target;
  requireNotSuperseded(trial.correctionBasis, revision, siteId, fields);
  checkValues(trial, corrections);
  requireDistinctSite(trial, siteId, corrections);
  const data: Correction = {
    nctId,
    correctedRevision: revision,
    correctedType: target.type,
    ...(siteId === undefined ? {} : { siteId }),
    corrections,
  };
  return [{ type: 'RecordCorrected', data: realChanges(trial, data) }];
};
