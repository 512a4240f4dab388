import { RegistryVersionObserved } from '../trial.events';
import { RegisteredTrial, TrialState, emptyCorrectionBasis } from '../trial.state';
import { applySiteObservations } from './site-matching';

const LIST_FIELDS = new Set(['collaborators', 'secondaryIds', 'phases', 'conditions', 'interventions']);

/** The trial before its first version: nothing stated yet. The first observation states what it must. */
const unstated = (nctId: string): RegisteredTrial => ({
  registered: true,
  nctId,
  title: '',
  officialTitle: null,
  sponsor: { name: '' },
  collaborators: [],
  secondaryIds: [],
  studyType: 'INTERVENTIONAL',
  phases: [],
  conditions: [],
  interventions: [],
  enrollment: null,
  status: 'NOT_YET_RECRUITING',
  lastKnownStatus: null,
  whyStopped: null,
  statusVerifiedDate: null,
  firstSubmittedDate: null,
  startDate: null,
  primaryCompletionDate: null,
  completionDate: null,
  fdaRegulatedDrug: null,
  fdaRegulatedDevice: null,
  resultsFirstSubmittedDate: null,
  sites: [],
  untrackedDigests: {},
  registryVersions: [],
  correctionBasis: emptyCorrectionBasis(),
});

const mergeDigests = (held: Record<string, string>, changed: Record<string, string | null>): Record<string, string> => {
  const next = { ...held };
  for (const [path, digest] of Object.entries(changed)) {
    if (digest === null) delete next[path];
    else next[path] = digest;
  }
  return next;
};

/** evolve for RegistryVersionObserved: the trial takes every value the version stated, and its sites. */
export const applyObservation = (state: TrialState, data: RegistryVersionObserved['data']): RegisteredTrial => {
  const base = state.registered ? state : unstated(data.nctId);
  const next: Record<string, unknown> = { ...base };
  for (const { field, value } of data.changes) {
    next[field] = value === null && LIST_FIELDS.has(field) ? [] : structuredClone(value);
  }
  return {
    ...(next as unknown as RegisteredTrial),
    sites: applySiteObservations(base.sites, data.sites),
    untrackedDigests: mergeDigests(base.untrackedDigests, data.untracked),
    registryVersions: [
      ...base.registryVersions,
      { source: data.source, version: data.version, postedDate: data.postedDate, recordDigest: data.recordDigest },
    ],
  };
};
