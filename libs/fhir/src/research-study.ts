import { DateStruct, Enrollment, Phase, Site } from '@trial-ledger/domain';
import { TrialView } from '@trial-ledger/read-models';
import { statusOf } from './status-map';
import { FhirResource } from './resource';

/** The registry's identifier system (as mcode's converter and the FHIR community use it). */
export const CT_GOV_SYSTEM = 'https://clinicaltrials.gov';
export const PHASE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/research-study-phase';
const EXTENSION_BASE = 'urn:trial-ledger:fhir:extension';
/** The CT.gov overallStatus as recorded, so a consumer can see what R4's status could not say. */
export const CT_GOV_STATUS_EXTENSION = `${EXTENSION_BASE}:ct-gov-overall-status`;
export const CT_GOV_LAST_KNOWN_STATUS_EXTENSION = `${EXTENSION_BASE}:ct-gov-last-known-status`;
/** ACTUAL or ESTIMATED, on a date or count the registry typed; absent when it did not. */
export const CT_GOV_TYPE_EXTENSION = `${EXTENSION_BASE}:ct-gov-type`;

/** What the mapping reads of a trial: the current view, or a version rebuilt from the ledger. */
export type FhirTrial = Pick<
  TrialView,
  | 'nctId'
  | 'title'
  | 'sponsor'
  | 'status'
  | 'lastKnownStatus'
  | 'phases'
  | 'conditions'
  | 'enrollment'
  | 'sites'
  | 'startDate'
  | 'completionDate'
  | 'revision'
  | 'updatedAt'
>;

const SINGLE_PHASE: Record<Phase, string> = {
  NA: 'n-a',
  EARLY_PHASE1: 'early-phase-1',
  PHASE1: 'phase-1',
  PHASE2: 'phase-2',
  PHASE3: 'phase-3',
  PHASE4: 'phase-4',
};
const COMBINED_PHASE: Record<string, string> = { 'PHASE1,PHASE2': 'phase-1-phase-2', 'PHASE2,PHASE3': 'phase-2-phase-3' };

const phaseCode = (phases: Phase[]): string | undefined =>
  phases.length === 1 ? SINGLE_PHASE[phases[0]] : COMBINED_PHASE[[...phases].sort().join(',')];

const phaseOf = (phases: Phase[]): FhirResource | undefined => {
  if (phases.length === 0) return undefined;
  const code = phaseCode(phases);
  // A combination R4 has no code for keeps its text only: no coding is invented.
  return { ...(code ? { coding: [{ system: PHASE_SYSTEM, code }] } : {}), text: phases.join(', ') };
};

const typed = (type: string | undefined): FhirResource | undefined =>
  type ? { extension: [{ url: CT_GOV_TYPE_EXTENSION, valueCode: type }] } : undefined;

const periodOf = (start: DateStruct | null, end: DateStruct | null): FhirResource | undefined => {
  if (!start && !end) return undefined;
  const period: FhirResource = {};
  if (start) Object.assign(period, { start: start.date }, start.type ? { _start: typed(start.type) } : {});
  if (end) Object.assign(period, { end: end.date }, end.type ? { _end: typed(end.type) } : {});
  return period;
};

const locationOf = (site: Site, index: number): FhirResource => {
  const address = {
    ...(site.city ? { city: site.city } : {}),
    ...(site.state ? { state: site.state } : {}),
    ...(site.zip ? { postalCode: site.zip } : {}),
    ...(site.country ? { country: site.country } : {}),
  };
  return {
    resourceType: 'Location',
    // Site IDs may hold "_" and run to 100 characters; FHIR ids may not, so the position names it and the ID stays an identifier.
    id: `site-${index + 1}`,
    identifier: [{ system: 'urn:trial-ledger:site-id', value: site.siteId }],
    ...(site.facility ? { name: site.facility } : {}),
    ...(Object.keys(address).length ? { address } : {}),
  };
};

const enrollmentGroup = (enrollment: Enrollment): FhirResource => ({
  resourceType: 'Group',
  id: 'enrollment',
  type: 'person',
  // Not a list of members: the group describes who enrols, and quantity is the count the registry states.
  actual: false,
  quantity: enrollment.count,
  ...(enrollment.type ? { _quantity: typed(enrollment.type) } : {}),
});

const statusExtensions = (trial: FhirTrial): FhirResource[] => [
  { url: CT_GOV_STATUS_EXTENSION, valueCode: trial.status },
  ...(trial.lastKnownStatus ? [{ url: CT_GOV_LAST_KNOWN_STATUS_EXTENSION, valueCode: trial.lastKnownStatus }] : []),
];

const containedOf = (trial: FhirTrial): FhirResource[] => [
  { resourceType: 'Organization', id: 'sponsor', name: trial.sponsor.name },
  ...(trial.enrollment ? [enrollmentGroup(trial.enrollment)] : []),
  ...trial.sites.map(locationOf),
];

/** One trial as an R4 ResearchStudy; only what the trial states, nothing defaulted (docs/fhir.md). */
export const toResearchStudy = (trial: FhirTrial): FhirResource => {
  const phase = phaseOf(trial.phases);
  const period = periodOf(trial.startDate, trial.completionDate);
  return {
    resourceType: 'ResearchStudy',
    id: trial.nctId,
    meta: { versionId: String(trial.revision), lastUpdated: trial.updatedAt },
    contained: containedOf(trial),
    extension: statusExtensions(trial),
    identifier: [{ use: 'official', system: CT_GOV_SYSTEM, value: trial.nctId }],
    title: trial.title,
    status: statusOf(trial.status, trial.lastKnownStatus),
    ...(phase ? { phase } : {}),
    ...(trial.conditions.length ? { condition: trial.conditions.map((text) => ({ text })) } : {}),
    ...(trial.enrollment ? { enrollment: [{ reference: '#enrollment' }] } : {}),
    ...(period ? { period } : {}),
    sponsor: { reference: '#sponsor', display: trial.sponsor.name },
    ...(trial.sites.length ? { site: trial.sites.map((_, i) => ({ reference: `#site-${i + 1}` })) } : {}),
  };
};
