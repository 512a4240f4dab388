import { DomainError } from '../shared/domain-error';
import { PartialDate } from '../shared/partial-date';
import { addSite } from './decide/add-site';
import { correctRecord } from './decide/correct-record';
import { applyCorrection } from './corrections';
import { recordRevision } from './correction-basis';
import { recordVerification } from './decide/record-verification';
import { registerTrial } from './decide/register-trial';
import { updateDates } from './decide/update-dates';
import { updateEnrollment } from './decide/update-enrollment';
import { updateSiteStatus } from './decide/update-site-status';
import { updateStatus } from './decide/update-status';
import { updateDetails } from './decide/update-details';
import { removeSite, renameSite } from './decide/site-changes';
import { applyObservation } from './registry/apply-observation';
import { consistencyProblems, newProblems } from './registry/consistency';
import { observeRegistryVersion } from './registry/observe-registry-version';
import { TrialCommand } from './trial.commands';
import { TrialEvent } from './trial.events';
import { CorrectionBasis, RegisteredTrial, TrialState, emptyCorrectionBasis, initialState } from './trial.state';
import { TRIAL_DATE_FIELDS } from './trial.values';
import { unreachable } from './unreachable';

type OperatorCommand = Exclude<TrialCommand, { type: 'ObserveRegistryVersion' }>;

/**
 * What a decision may know besides the command and the state: the day it is taken (UTC), from the caller's clock,
 * so that an ACTUAL date or a verification in the future is refused. Null where no clock is at hand: those checks
 * are then left out.
 */
export interface DecisionContext {
  today: PartialDate | null;
}

const NO_CONTEXT: DecisionContext = { today: null };

const decideOperator = (command: OperatorCommand, state: TrialState, context: DecisionContext): TrialEvent[] => {
  switch (command.type) {
    case 'RegisterTrial':
      return registerTrial(command, state);
    case 'UpdateStatus':
      return updateStatus(command, state);
    case 'AddSite':
      return addSite(command, state);
    case 'UpdateSiteStatus':
      return updateSiteStatus(command, state);
    case 'UpdateEnrollment':
      return updateEnrollment(command, state);
    case 'UpdateDates':
      return updateDates(command, state);
    case 'CorrectRecord':
      return correctRecord(command, state);
    case 'RecordVerification':
      return recordVerification(command, state, context.today);
    case 'UpdateDetails':
      return updateDetails(command, state);
    case 'RemoveSite':
      return removeSite(command, state);
    case 'RenameSite':
      return renameSite(command, state);
    default:
      return unreachable(command);
  }
};

/**
 * An operator's change may not bring in a problem the registry would refuse (a PRS-style ERROR); one it would only
 * query (a WARNING) is accepted and recorded with it. Problems the record already had (an imported version's, say)
 * neither block unrelated changes nor are recorded again; the compliance reports list them.
 */
const withConsistency = (state: TrialState, events: TrialEvent[], today: PartialDate | null): TrialEvent[] => {
  const after = evolveAll(events, state);
  if (!after.registered) return events;
  const before = state.registered ? consistencyProblems(state, today) : [];
  const introduced = newProblems(before, consistencyProblems(after, today));
  const errors = introduced.filter((p) => p.severity === 'ERROR');
  if (errors.length > 0) {
    throw new DomainError('INCONSISTENT_RECORD', errors.map((e) => `${e.field}: ${e.message}`).join('; '), { problems: errors });
  }
  if (introduced.length === 0) return events;
  return [...events, { type: 'ConsistencyWarningsRecorded', data: { nctId: after.nctId, warnings: introduced } }];
};

export const decide = (command: TrialCommand, state: TrialState, context: DecisionContext = NO_CONTEXT): TrialEvent[] => {
  if (command.type === 'ObserveRegistryVersion') return observeRegistryVersion(command, state);
  return withConsistency(state, decideOperator(command, state, context), context.today);
};

const registered = (state: TrialState): RegisteredTrial => {
  // evolve only ever sees events that decide produced, so a change before registration is a corrupt stream.
  if (!state.registered) throw new Error('Event applied to a trial that was never registered');
  return state;
};

/** The trial's fields after one event; evolve adds the bookkeeping of corrections on top. */
const applyEvent = (state: TrialState, event: TrialEvent): RegisteredTrial => {
  switch (event.type) {
    case 'TrialRegistered': {
      const d = event.data;
      return {
        registered: true,
        nctId: d.nctId,
        title: d.title,
        officialTitle: d.officialTitle ?? null,
        sponsor: d.sponsor,
        collaborators: [],
        secondaryIds: [],
        studyType: d.studyType,
        phases: [...d.phases],
        conditions: [...d.conditions],
        interventions: [...d.interventions],
        enrollment: d.enrollment ?? null,
        status: d.status,
        lastKnownStatus: d.lastKnownStatus ?? null,
        whyStopped: d.whyStopped ?? null,
        statusVerifiedDate: null,
        firstSubmittedDate: null,
        startDate: d.startDate ?? null,
        primaryCompletionDate: d.primaryCompletionDate ?? null,
        completionDate: d.completionDate ?? null,
        sites: [],
        fdaRegulatedDrug: null,
        fdaRegulatedDevice: null,
        resultsFirstSubmittedDate: null,
        untrackedDigests: {},
        registryVersions: [],
        correctionBasis: emptyCorrectionBasis(),
      };
    }
    case 'TrialStatusChanged':
    case 'TrialStatusCorrected': {
      const trial = registered(state);
      const { from, to, whyStopped } = event.data;
      const lastKnownStatus = to === 'UNKNOWN' ? (from === 'UNKNOWN' ? trial.lastKnownStatus : from) : null;
      return { ...trial, status: to, lastKnownStatus, whyStopped: whyStopped ?? null };
    }
    case 'TrialVerified':
      return { ...registered(state), statusVerifiedDate: event.data.verifiedOn };
    case 'RegistryVersionObserved':
      return applyObservation(state, event.data);
    case 'TrialDetailsUpdated': {
      const { nctId: _nctId, ...details } = event.data;
      return { ...registered(state), ...structuredClone(details) };
    }
    case 'SiteRemoved': {
      const trial = registered(state);
      return { ...trial, sites: trial.sites.filter((s) => s.siteId !== event.data.siteId) };
    }
    case 'SiteRenamed': {
      const trial = registered(state);
      const { siteId, facility } = event.data;
      return { ...trial, sites: trial.sites.map((s) => (s.siteId === siteId ? { ...s, facility } : s)) };
    }
    case 'SiteAdded': {
      const trial = registered(state);
      const { nctId: _nctId, ...site } = event.data;
      return { ...trial, sites: [...trial.sites, site] };
    }
    case 'SiteStatusChanged': {
      const trial = registered(state);
      const { siteId, to } = event.data;
      return { ...trial, sites: trial.sites.map((s) => (s.siteId === siteId ? { ...s, status: to } : s)) };
    }
    case 'EnrollmentUpdated': {
      const trial = registered(state);
      return { ...trial, enrollment: { count: event.data.count, type: event.data.type } };
    }
    case 'TrialDatesUpdated': {
      const trial = registered(state);
      const next = { ...trial };
      for (const field of TRIAL_DATE_FIELDS) next[field] = event.data[field] ?? trial[field];
      return next;
    }
    case 'RecordCorrected':
      return applyCorrection(registered(state), event.data);
    case 'ConsistencyWarningsRecorded':
      return registered(state);
    default:
      return unreachable(event);
  }
};

export const evolve = (state: TrialState, event: TrialEvent): TrialState => {
  const applied = applyEvent(state, event);
  // A read model may resume from a state it stored before this bookkeeping existed; there it starts afresh.
  const basis = (applied.correctionBasis as CorrectionBasis | undefined) ?? emptyCorrectionBasis();
  const correctionBasis = recordRevision(basis, state, applied, event);
  // applyEvent built a new trial unless the event changed none of its fields; that one nobody else holds yet, and
  // setting the basis on it spares copying every field of the trial a second time for each event folded.
  if (applied === state) return { ...applied, correctionBasis };
  applied.correctionBasis = correctionBasis;
  return applied;
};

export const evolveAll = (events: readonly TrialEvent[], from: TrialState = initialState()): TrialState => events.reduce(evolve, from);
