import { CommandMeta } from '@trial-ledger/ledger';
import { AgencyClass, Phase, SiteAddress, TrialCommand, TrialStatus, siteIdFor } from '@trial-ledger/domain';

/** One command as an operator would send it, with the metadata its HTTP request would carry. */
export interface PlannedCommand {
  command: TrialCommand;
  meta: CommandMeta;
}

/** Deterministic, so that two runs write the same log and their figures compare. */
export const seededRandom = (seed: number): (() => number) => {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 2 ** 32;
  };
};

const pick = <T>(random: () => number, values: readonly T[]): T => values[Math.floor(random() * values.length)];

// Pools sized like the registry's long tail: a filter on one condition or country matches a small share of trials.
const QUALIFIERS = ['Chronic', 'Acute', 'Pediatric', 'Metastatic', 'Hereditary', 'Idiopathic', 'Recurrent', 'Severe'];
const KINDS = ['Cancer', 'Syndrome', 'Disease', 'Disorder', 'Infection'];
export const CONDITIONS = Array.from({ length: 400 }, (_, i) => `${QUALIFIERS[i % 8]} ${KINDS[i % 5]} Type ${i}`);
export const COUNTRIES = [
  'United States',
  'China',
  'France',
  'Germany',
  'United Kingdom',
  'Canada',
  'Spain',
  'Italy',
  'Japan',
  'Korea, Republic of',
  'Brazil',
  'India',
  'Australia',
  'Netherlands',
  'Belgium',
  'Poland',
  'Egypt',
  'Turkey',
  'Israel',
  'Denmark',
  'Sweden',
  'Switzerland',
  'Mexico',
  'Iran',
  'Pakistan',
  'Taiwan',
  'Russian Federation',
  'Austria',
  'Norway',
  'Greece',
];
const SPONSOR_CLASSES: AgencyClass[] = ['INDUSTRY', 'OTHER', 'NIH', 'OTHER_GOV', 'NETWORK'];
const PHASE_SETS: Phase[][] = [['PHASE1'], ['PHASE2'], ['PHASE3'], ['PHASE1', 'PHASE2'], ['PHASE4'], ['NA']];
const ACTORS = ['olga', 'registry-sync', 'amir', 'chen', 'importer'];

export const nctIdOf = (n: number): string => `NCT${String(10_000_000 + n).padStart(8, '0')}`;

const meta = (random: () => number, reason: string, effectiveDate?: string): CommandMeta => ({
  actor: pick(random, ACTORS),
  role: 'operator',
  reason,
  ...(effectiveDate ? { effectiveDate } : {}),
});

const registration = (nctId: string, random: () => number): PlannedCommand => {
  const conditions = [...new Set(Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(random, CONDITIONS)))];
  return {
    command: {
      type: 'RegisterTrial',
      data: {
        nctId,
        title: `Study of ${conditions[0]} (${nctId})`,
        officialTitle: `A Randomized Study in Patients With ${conditions.join(', ')}`,
        sponsor: { name: `Sponsor ${Math.floor(random() * 5000)}`, class: pick(random, SPONSOR_CLASSES) },
        studyType: 'INTERVENTIONAL',
        phases: pick(random, PHASE_SETS),
        conditions,
        interventions: [{ type: 'DRUG', name: `Compound ${Math.floor(random() * 90_000)}` }],
        enrollment: { count: 20 + Math.floor(random() * 500), type: 'ESTIMATED' },
        startDate: { date: '2024-03', type: 'ESTIMATED' },
        completionDate: { date: '2027-12', type: 'ESTIMATED' },
      },
    },
    meta: meta(random, 'Protocol approved'),
  };
};

export const siteAddress = (random: () => number, n: number): SiteAddress => {
  const city = `City ${Math.floor(random() * 2000)}`;
  return { facility: `University Hospital ${n} of ${city}`, city, country: pick(random, COUNTRIES) };
};

const addSite = (nctId: string, address: SiteAddress, random: () => number): PlannedCommand => ({
  command: { type: 'AddSite', data: { nctId, siteId: siteIdFor(nctId, address), ...address, status: 'NOT_YET_RECRUITING' } },
  meta: meta(random, 'Site contract signed'),
});

export const siteStatus = (
  nctId: string,
  address: SiteAddress,
  status: 'RECRUITING' | 'ACTIVE_NOT_RECRUITING',
  random: () => number,
): PlannedCommand => ({
  command: { type: 'UpdateSiteStatus', data: { nctId, siteId: siteIdFor(nctId, address), status } },
  meta: meta(random, `Site ${status.toLowerCase()}`, '2024-05-01'),
});

export const trialStatus = (nctId: string, status: TrialStatus, random: () => number): PlannedCommand => {
  const whyStopped = ['SUSPENDED', 'TERMINATED', 'WITHDRAWN'].includes(status) ? 'Sponsor decision' : undefined;
  return {
    command: { type: 'UpdateStatus', data: { nctId, status, ...(whyStopped ? { whyStopped } : {}) } },
    meta: meta(random, `Moved to ${status}`, '2024-04-01'),
  };
};

export const enrollment = (nctId: string, count: number, random: () => number): PlannedCommand => ({
  command: { type: 'UpdateEnrollment', data: { nctId, count, type: 'ACTUAL' } },
  meta: meta(random, 'Interim count', '2024-06'),
});

// Where trials end up: most keep recruiting or run on, some stop; the shares give the status filter both broad and narrow cases.
const LAST_STEPS: (TrialStatus | null)[] = [
  null,
  null,
  null,
  'ACTIVE_NOT_RECRUITING',
  'ACTIVE_NOT_RECRUITING',
  'COMPLETED',
  'COMPLETED',
  'ENROLLING_BY_INVITATION',
  'TERMINATED',
  'SUSPENDED',
];

/** A typical trial's first ten commands, one event each: registration, two sites, recruitment, counts, dates, an outcome. */
export const typicalTrial = (n: number): PlannedCommand[] => {
  const random = seededRandom(n + 1);
  const nctId = nctIdOf(n);
  const [a, b] = [siteAddress(random, 1), siteAddress(random, 2)];
  const last = pick(random, LAST_STEPS);
  const enrolled = 5 + Math.floor(random() * 200);
  return [
    registration(nctId, random),
    addSite(nctId, a, random),
    addSite(nctId, b, random),
    trialStatus(nctId, 'RECRUITING', random),
    siteStatus(nctId, a, 'RECRUITING', random),
    siteStatus(nctId, b, 'RECRUITING', random),
    {
      command: { type: 'UpdateDates', data: { nctId, startDate: { date: '2024-04-15', type: 'ACTUAL' } } },
      meta: meta(random, 'Start confirmed', '2024-04-15'),
    },
    enrollment(nctId, enrolled, random),
    enrollment(nctId, enrolled + 10, random),
    last === null ? siteStatus(nctId, b, 'ACTIVE_NOT_RECRUITING', random) : trialStatus(nctId, last, random),
  ];
};

/**
 * One long-running trial with `events` events: many sites whose recruitment opens and pauses, and enrollment
 * counts reported over years — the shape that makes a single trial's history and replay long.
 */
export const longTrial = (n: number, events: number): PlannedCommand[] => {
  const random = seededRandom(n + 7);
  const nctId = nctIdOf(n);
  const sites = Array.from({ length: 40 }, (_, i) => siteAddress(random, i + 1));
  const open = sites.map(() => false);
  const plan: PlannedCommand[] = [
    registration(nctId, random),
    ...sites.map((s) => addSite(nctId, s, random)),
    trialStatus(nctId, 'RECRUITING', random),
  ];
  let count = 0;
  for (let i = plan.length; i < events; i += 1) {
    if (i % 3 === 0) {
      count += 1 + Math.floor(random() * 4);
      plan.push(enrollment(nctId, count, random));
    } else {
      const k = i % sites.length;
      open[k] = !open[k];
      plan.push(siteStatus(nctId, sites[k], open[k] ? 'RECRUITING' : 'ACTIVE_NOT_RECRUITING', random));
    }
  }
  return plan;
};
