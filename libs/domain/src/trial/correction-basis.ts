import { CORRECTABLE_FIELDS } from './corrections';
import { fieldChanged } from './field-changes';
import { STATUSES_REQUIRING_WHY_STOPPED } from './status-transitions';
import { TrialEvent } from './trial.events';
import { CorrectableField, CorrectionBasis, RecordedRevision, TrialState, ValueChange, ValueChanges } from './trial.state';
import { Site, SiteAddress, TRIAL_DATE_FIELDS } from './trial.values';
import { RevisionLog } from './revision-log';
import { unreachable } from './unreachable';

const recorded = (event: TrialEvent): RecordedRevision => {
  switch (event.type) {
    case 'TrialRegistered':
    case 'EnrollmentUpdated':
      return { type: event.type, fields: CORRECTABLE_FIELDS[event.type] };
    // An update carries only the dates it changed; a date it left out was never recorded by it.
    case 'TrialDatesUpdated':
      return { type: event.type, fields: TRIAL_DATE_FIELDS.filter((f) => event.data[f] !== undefined) };
    case 'SiteAdded':
      return { type: event.type, fields: CORRECTABLE_FIELDS.SiteAdded, siteId: event.data.siteId };
    // A reason belongs only to a status that needs one; for any other the state holds none to correct.
    case 'TrialStatusChanged': {
      const fields = STATUSES_REQUIRING_WHY_STOPPED.includes(event.data.to) ? CORRECTABLE_FIELDS.TrialStatusChanged : [];
      return { type: event.type, fields };
    }
    case 'RecordCorrected':
      return { type: event.type, correctedRevision: event.data.correctedRevision };
    case 'TrialStatusCorrected':
    case 'SiteStatusChanged':
    case 'SiteRenamed':
    case 'SiteRemoved':
    case 'TrialDetailsUpdated':
    case 'TrialVerified':
    case 'RegistryVersionObserved':
    case 'ConsistencyWarningsRecorded':
      return { type: event.type };
    default:
      return unreachable(event);
  }
};

const TRIAL_VALUES: readonly CorrectableField[] = [
  ...new Set(
    Object.entries(CORRECTABLE_FIELDS)
      .filter(([type]) => type !== 'SiteAdded')
      .flatMap(([, fields]) => fields),
  ),
];
const SITE_VALUES = CORRECTABLE_FIELDS.SiteAdded as readonly (keyof SiteAddress)[];

type Fields = Partial<Record<string, unknown>>;

const fieldsOf = (state: TrialState): Fields => (state.registered ? state : {}) as unknown as Fields;
const sitesOf = (state: TrialState): readonly Site[] => (state.registered ? state.sites : []);

/** An address is a string, absent or not: a site that is not there reads as one without an address. */
const changedAddress = (before: Site | undefined, after: Site | undefined): CorrectableField[] =>
  SITE_VALUES.filter((field) => (before?.[field] ?? null) !== (after?.[field] ?? null));

/**
 * By site id, the address fields that differ. evolve keeps the sites in order and a site it did not touch as the very
 * same object, so the sites pair by position up to the first one added or removed, and only the rest are looked up.
 */
const changedSites = (before: readonly Site[], after: readonly Site[]): Map<string, CorrectableField[]> => {
  const changed = new Map<string, CorrectableField[]>();
  const compare = (siteId: string, old: Site | undefined, site: Site | undefined): void => {
    const fields = old === site ? [] : changedAddress(old, site);
    if (fields.length > 0) changed.set(siteId, fields);
  };
  let i = 0;
  for (; i < before.length && i < after.length; i++) {
    if (before[i] === after[i]) continue;
    if (before[i].siteId !== after[i].siteId) break;
    compare(after[i].siteId, before[i], after[i]);
  }
  const rest = new Map(before.slice(i).map((site) => [site.siteId, site]));
  for (const site of after.slice(i)) {
    compare(site.siteId, rest.get(site.siteId), site);
    rest.delete(site.siteId);
  }
  for (const [siteId, removed] of rest) compare(siteId, removed, undefined);
  return changed;
};

const advance = (known: ValueChanges | undefined, change: ValueChange): ValueChanges => {
  if (known === undefined) return { latest: change, latestOther: null };
  return { latest: change, latestOther: known.latest.corrects === change.corrects ? known.latestOther : known.latest };
};

type ChangesByField = Partial<Record<CorrectableField, ValueChanges>>;

const withChange = (known: ChangesByField, fields: readonly CorrectableField[], change: ValueChange): ChangesByField => {
  const next = { ...known };
  for (const field of fields) next[field] = advance(known[field], change);
  return next;
};

interface Reach {
  trial: boolean;
  sites: boolean;
}

const EVERYWHERE: Reach = { trial: true, sites: true };
const TRIAL: Reach = { trial: true, sites: false };
const SITES: Reach = { trial: false, sites: true };
const NOWHERE: Reach = { trial: false, sites: false };

/**
 * Where an event can change a value a correction writes: among the trial's own values, the sites' addresses, or
 * neither. Only there are the states compared, value by value, so the commonest events (a site's status) cost no
 * comparison at all; a new event type must say here what it can change.
 */
const reachOf = (event: TrialEvent): Reach => {
  switch (event.type) {
    case 'RegistryVersionObserved':
      return EVERYWHERE;
    case 'TrialRegistered':
    case 'TrialStatusChanged':
    case 'TrialStatusCorrected':
    case 'TrialDetailsUpdated':
    case 'EnrollmentUpdated':
    case 'TrialDatesUpdated':
      return TRIAL;
    case 'SiteAdded':
    case 'SiteRenamed':
    case 'SiteRemoved':
      return SITES;
    case 'RecordCorrected':
      return event.data.correctedType === 'SiteAdded' ? SITES : TRIAL;
    case 'SiteStatusChanged':
    case 'TrialVerified':
    case 'ConsistencyWarningsRecorded':
      return NOWHERE;
    default:
      return unreachable(event);
  }
};

// Most events change no value a correction can write: then the index is shared with the state before, not copied.
const withTrialChange = (
  basis: CorrectionBasis,
  before: TrialState,
  after: TrialState,
  change: ValueChange,
): CorrectionBasis['trialChanges'] => {
  const [a, b] = [fieldsOf(before), fieldsOf(after)];
  const fields = TRIAL_VALUES.filter((field) => fieldChanged(field, a[field], b[field]));
  return fields.length === 0 ? basis.trialChanges : withChange(basis.trialChanges, fields, change);
};

const withSiteChange = (
  basis: CorrectionBasis,
  before: TrialState,
  after: TrialState,
  change: ValueChange,
): CorrectionBasis['siteChanges'] => {
  const [a, b] = [sitesOf(before), sitesOf(after)];
  if (a === b) return basis.siteChanges;
  const changed = changedSites(a, b);
  if (changed.size === 0) return basis.siteChanges;
  const next = { ...basis.siteChanges };
  for (const [siteId, fields] of changed) next[siteId] = withChange(basis.siteChanges[siteId] ?? {}, fields, change);
  return next;
};

/** evolve's bookkeeping for one event, folded as the next revision: `before` and `after` are the trial around it. */
export const recordRevision = (basis: CorrectionBasis, before: TrialState, after: TrialState, event: TrialEvent): CorrectionBasis => {
  const change: ValueChange = {
    revision: basis.revisions.length + 1,
    corrects: event.type === 'RecordCorrected' ? event.data.correctedRevision : null,
  };
  const reach = reachOf(event);
  return {
    revisions: RevisionLog.from(basis.revisions).append(recorded(event)),
    trialChanges: reach.trial ? withTrialChange(basis, before, after, change) : basis.trialChanges,
    siteChanges: reach.sites ? withSiteChange(basis, before, after, change) : basis.siteChanges,
  };
};

/** What the event at `revision` recorded; null when the trial has no such revision. */
export const recordedAt = (basis: CorrectionBasis, revision: number): RecordedRevision | null =>
  Number.isInteger(revision) && revision >= 1 ? (basis.revisions.at(revision - 1) ?? null) : null;

/**
 * Whether an event after `revision`, other than a correction of that revision, changed `field`: of the trial, or of
 * the site `siteId` when the corrected event added one.
 */
export const changedAfter = (basis: CorrectionBasis, revision: number, siteId: string | undefined, field: CorrectableField): boolean => {
  const byField = siteId === undefined ? basis.trialChanges : (basis.siteChanges[siteId] ?? {});
  const changes = byField[field];
  if (changes === undefined) return false;
  const last = changes.latest.corrects === revision ? changes.latestOther : changes.latest;
  return last !== null && last.revision > revision;
};
