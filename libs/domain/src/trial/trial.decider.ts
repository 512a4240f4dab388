import { addSite } from './decide/add-site';
import { correctRecord } from './decide/correct-record';
import { applyCorrection } from './corrections';
import { registerTrial } from './decide/register-trial';
import { updateDates } from './decide/update-dates';
import { updateEnrollment } from './decide/update-enrollment';
import { updateSiteStatus } from './decide/update-site-status';
import { updateStatus } from './decide/update-status';
import { TrialCommand } from './trial.commands';
import { TrialEvent } from './trial.events';
import { RegisteredTrial, TrialState, initialState } from './trial.state';
import { TRIAL_DATE_FIELDS } from './trial.values';

const unreachable = (value: never): never => {
  throw new Error(`Unhandled variant: ${JSON.stringify(value)}`);
};

export const decide = (command: TrialCommand, state: TrialState): TrialEvent[] => {
  switch (command.type) {
    case 'RegisterTrial': return registerTrial(command, state);
    case 'UpdateStatus': return updateStatus(command, state);
    case 'AddSite': return addSite(command, state);
    case 'UpdateSiteStatus': return updateSiteStatus(command, state);
    case 'UpdateEnrollment': return updateEnrollment(command, state);
    case 'UpdateDates': return updateDates(command, state);
    case 'CorrectRecord': return correctRecord(command, state);
    default: return unreachable(command);
  }
};

const registered = (state: TrialState): RegisteredTrial => {
  // evolve only ever sees events that decide produced, so a change before registration is a corrupt stream.
  if (!state.registered) throw new Error('Event applied to a trial that was never registered');
  return state;
};

export const evolve = (state: TrialState, event: TrialEvent): TrialState => {
  switch (event.type) {
    case 'TrialRegistered': {
      const d = event.data;
      return {
        registered: true, nctId: d.nctId, title: d.title, officialTitle: d.officialTitle ?? null, sponsor: d.sponsor,
        studyType: d.studyType, phases: [...d.phases], conditions: [...d.conditions], interventions: [...d.interventions],
        enrollment: d.enrollment ?? null, status: d.status, lastKnownStatus: d.lastKnownStatus ?? null,
        whyStopped: d.whyStopped ?? null, startDate: d.startDate ?? null,
        primaryCompletionDate: d.primaryCompletionDate ?? null, completionDate: d.completionDate ?? null, sites: [],
      };
    }
    case 'TrialStatusChanged': {
      const trial = registered(state);
      const { from, to, whyStopped } = event.data;
      const lastKnownStatus = to === 'UNKNOWN' ? (from === 'UNKNOWN' ? trial.lastKnownStatus : from) : null;
      return { ...trial, status: to, lastKnownStatus, whyStopped: whyStopped ?? null };
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
    case 'RecordCorrected': return applyCorrection(registered(state), event.data);
    default: return unreachable(event);
  }
};

export const evolveAll = (events: readonly TrialEvent[], from: TrialState = initialState()): TrialState =>
  events.reduce(evolve, from);

export const trialDecider = { decide, evolve, initialState };
