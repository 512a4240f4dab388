import { DomainError, violation } from '../../shared/domain-error';
import { CORRECTABLE_FIELDS, applyCorrection, correctedPath, touches } from '../corrections';
import { fieldChanges } from '../field-changes';
import { STATUSES_REQUIRING_WHY_STOPPED } from '../status-transitions';
import { CorrectRecord, StoredTrialEvent } from '../trial.commands';
import { CorrectableEventType, RecordCorrected, RecordCorrections, TrialEvent } from '../trial.events';
import { RegisteredTrial, TrialState } from '../trial.state';
import { TRIAL_DATE_FIELDS } from '../trial.values';
import { siteKey } from '../site-id';
import { Violations, checkDate, checkEnrollment, hasActualEnrollment, requireRegistered } from './invariants';

type CorrectableEvent = Extract<TrialEvent, { type: CorrectableEventType }> & { revision: number };
type Correction = RecordCorrected['data'];

const ADDRESS_FIELDS = ['facility', 'city', 'state', 'zip', 'country'] as const;

const notAllowed = (target: StoredTrialEvent, message: string, extra: Record<string, unknown> = {}): DomainError =>
  new DomainError('CORRECTION_NOT_ALLOWED', message, { revision: target.revision, correctedType: target.type, ...extra });

/** The event to correct must exist and record values that are corrected rather than recorded anew. */
const requireCorrectable = (nctId: string, revision: number, corrected: StoredTrialEvent | null): CorrectableEvent => {
  // The application read the event at the revision asked for; any other event would be the wrong record.
  if (corrected === null || corrected.revision !== revision) throw violation('revision', `trial ${nctId} has no revision ${revision}`);
  if (corrected.type === 'RecordCorrected') {
    const original = corrected.data.correctedRevision;
    throw notAllowed(corrected, `Revision ${revision} is a correction; correct revision ${original}, the record it corrected, instead`);
  }
  if (corrected.type === 'SiteStatusChanged' || corrected.type === 'TrialStatusCorrected') {
    throw notAllowed(corrected, `Revision ${revision} recorded a status; a status is not corrected but changed anew`);
  }
  if (corrected.type === 'RegistryVersionObserved') {
    throw notAllowed(corrected, `Revision ${revision} records what the registry showed; only a later registry version changes it`);
  }
  if (corrected.type === 'TrialVerified') {
    throw notAllowed(corrected, `Revision ${revision} records a verification; a later verification supersedes it`);
  }
  if (corrected.type === 'ConsistencyWarningsRecorded') {
    throw notAllowed(corrected, `Revision ${revision} recorded warnings about the record; correct the record they are about instead`);
  }
  if (corrected.type === 'TrialDetailsUpdated' || corrected.type === 'SiteRenamed' || corrected.type === 'SiteRemoved') {
    throw notAllowed(corrected, `Revision ${revision} recorded an edit (${corrected.type}); a wrong edit is put right by editing again`);
  }
  return corrected;
};

/** Within its type, only what the event itself recorded can be put right. */
const allowedFields = (target: CorrectableEvent): string[] => {
  // An update carries only the dates it changed; a date it left out was never recorded by it.
  if (target.type === 'TrialDatesUpdated') return TRIAL_DATE_FIELDS.filter((f) => target.data[f] !== undefined);
  // A reason belongs only to a status that needs one; for any other the state holds none to correct.
  if (target.type === 'TrialStatusChanged' && !STATUSES_REQUIRING_WHY_STOPPED.includes(target.data.to)) return [];
  return [...CORRECTABLE_FIELDS[target.type]];
};

const requireAllowed = (target: CorrectableEvent, fields: string[]): void => {
  if (fields.length === 0) throw violation('corrections', 'name at least one field to correct');
  const allowed = allowedFields(target);
  const refused = fields.filter((f) => !allowed.includes(f));
  if (refused.length === 0) return;
  const status = refused.some((f) => f === 'status' || f === 'lastKnownStatus')
    ? ' A status is never corrected: a wrong status is put right by a new status change, under the transition rules.'
    : '';
  const message = `${refused.join(', ')} cannot be corrected on revision ${target.revision} (${target.type}); `
    + `correctable there: ${allowed.join(', ') || 'nothing'}.${status}`;
  throw notAllowed(target, message, { fields: refused, allowed });
};

/** A value a later event set is current; correcting the old record would silently overwrite it. */
const requireNotSuperseded = (revision: number, siteId: string | undefined, fields: string[], changedSince: string[]): void => {
  const stale = fields.filter((f) => changedSince.some((changed) => touches(changed, correctedPath({ siteId }, f))));
  if (stale.length === 0) return;
  throw new DomainError(
    'CORRECTION_SUPERSEDED',
    `${stale.join(', ')} changed after revision ${revision}; a correction of revision ${revision} would overwrite `
      + 'the later value, so record a new update instead',
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
    .check(!(trial.status === 'WITHDRAWN' && hasActualEnrollment(c.enrollment)), 'corrections.enrollment',
      'a WITHDRAWN trial cannot have actual participants');
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
  const changed = Object.entries(data.corrections).filter(([field, value]) =>
    fieldChanges(trial, applyCorrection(trial, { ...data, corrections: { [field]: value } })).length > 0);
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
  const { nctId, correctsRevision, changedSince } = command.data;
  const trial = requireRegistered(state, nctId);
  const target = requireCorrectable(nctId, correctsRevision, command.data.corrected);
  const corrections = presentOnly(command.data.corrections);
  const fields = Object.keys(corrections);
  requireAllowed(target, fields);
  const siteId = target.type === 'SiteAdded' ? target.data.siteId : undefined;
  requireNotSuperseded(target.revision, siteId, fields, changedSince);
  checkValues(trial, corrections);
  requireDistinctSite(trial, siteId, corrections);
  const data: Correction = {
    nctId, correctedRevision: target.revision, correctedType: target.type, ...(siteId === undefined ? {} : { siteId }), corrections,
  };
  return [{ type: 'RecordCorrected', data: realChanges(trial, data) }];
};
