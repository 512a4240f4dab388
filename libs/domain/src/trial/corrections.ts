import { CorrectableEventType, RecordCorrected, RecordCorrections } from './trial.events';
import { RegisteredTrial } from './trial.state';

/**
 * What a correction may put right, by the type of the event it corrects. A status is not among them on
 * purpose: a wrong status is put right by a new status change, under the transition rules, so the lifecycle
 * is never rewritten around them. For the same reason SiteStatusChanged is not correctable; nor is a
 * RecordCorrected, whose values are put right by correcting the original record again.
 */
export const CORRECTABLE_FIELDS: Readonly<Record<CorrectableEventType, readonly (keyof RecordCorrections)[]>> = {
  TrialRegistered: ['title', 'officialTitle', 'sponsor', 'studyType', 'phases', 'conditions', 'interventions'],
  EnrollmentUpdated: ['enrollment'],
  TrialDatesUpdated: ['startDate', 'primaryCompletionDate', 'completionDate'],
  // The site keeps its id: other events and readers already refer to the site by it.
  SiteAdded: ['facility', 'city', 'state', 'zip', 'country'],
  TrialStatusChanged: ['whyStopped'],
};

/** Only the fields the corrected type allows, copied so that the state never shares a list with a stored event. */
const correctedValues = (data: RecordCorrected['data']): Record<string, unknown> => {
  const values: Record<string, unknown> = {};
  for (const field of CORRECTABLE_FIELDS[data.correctedType]) {
    const value = data.corrections[field];
    if (value !== undefined) values[field] = JSON.parse(JSON.stringify(value));
  }
  return values;
};

/** evolve for RecordCorrected: the corrected values replace the current ones, on the trial or on its site. */
export const applyCorrection = (trial: RegisteredTrial, data: RecordCorrected['data']): RegisteredTrial => {
  const values = correctedValues(data);
  if (data.correctedType !== 'SiteAdded') return { ...trial, ...values };
  return { ...trial, sites: trial.sites.map((site) => (site.siteId === data.siteId ? { ...site, ...values } : site)) };
};
