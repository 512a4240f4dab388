import { RegisterTrial, UpdateStatus } from '../trial/trial.commands';
import { TrialEvent } from '../trial/trial.events';
import { SiteAddress, SiteStatus, TrialStatus } from '../trial/trial.values';

/** Spec-only builders; a realistic record keeps the specs readable as registry stories. */
export const nctId = 'NCT06171906';

export const registration: RegisterTrial['data'] = {
  nctId,
  title: 'MSC for poor graft function',
  sponsor: { name: 'ShiCang Yu' },
  studyType: 'INTERVENTIONAL',
  phases: ['PHASE4'],
  conditions: ['Poor graft function'],
  interventions: [{ type: 'BIOLOGICAL', name: 'Mesenchymal stem cells' }],
  enrollment: { count: 68, type: 'ESTIMATED' },
};

export const registeredAs = (status: TrialStatus, extra: Partial<RegisterTrial['data']> = {}): TrialEvent => ({
  type: 'TrialRegistered',
  data: { ...registration, ...extra, status },
});

export const statusChanged = (from: TrialStatus, to: TrialStatus, whyStopped?: string): TrialEvent => ({
  type: 'TrialStatusChanged',
  data: whyStopped === undefined ? { nctId, from, to } : { nctId, from, to, whyStopped },
});

export const updateStatus = (status: TrialStatus, whyStopped?: string): UpdateStatus => ({
  type: 'UpdateStatus',
  data: whyStopped === undefined ? { nctId, status } : { nctId, status, whyStopped },
});

export const siteAdded = (siteId: string, address: SiteAddress, status?: SiteStatus): TrialEvent => ({
  type: 'SiteAdded',
  data: status === undefined ? { nctId, siteId, ...address } : { nctId, siteId, ...address, status },
});

export const actualEnrollment = (count: number): TrialEvent => ({
  type: 'EnrollmentUpdated',
  data: { nctId, count, type: 'ACTUAL' },
});

/** The details of a VALIDATION_FAILED naming exactly these fields, in this order. */
export const violationsOf = (...fields: string[]) => ({ violations: fields.map((field) => ({ field })) });
