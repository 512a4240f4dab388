import prand, { RandomGenerator } from 'pure-rand';
import type { Phase, SiteStatus, TrialStatus } from '@trial-ledger/domain';
import { syntheticNctId } from '../../test/support/registry-corpus';
import { FACILITY_KINDS, PLACES, WHY_STOPPED } from './registry-places';
import { CONDITIONS } from './trial-plans';

type Obj = Record<string, unknown>;

/** Bump when a study's content changes for the same (seed, n), so cached corpora of the old shape are not reused. */
export const GENERATOR_VERSION = 1;

/** The seed of the registry suite's corpus. */
export const REGISTRY_SEED = 17;

/** The day the generated registry was "downloaded": no ACTUAL date and no posted date comes after it. */
export const CORPUS_DATE = '2026-11-01';

const DAY = 86_400_000;
const dayOf = (iso: string): number => Math.floor(Date.parse(`${iso}T00:00:00Z`) / DAY);
const isoOf = (day: number): string => new Date(day * DAY).toISOString().slice(0, 10);
const TODAY = dayOf(CORPUS_DATE);
const FIRST = dayOf('2000-01-01');
/** Registry records of the 2000s often state months only, and no date type for the start. */
const DAYS_STATED_FROM = dayOf('2010-01-01');

/** One study's choices: its own generator, so study n is the same whatever was generated before it. */
class Dice {
  private readonly rng: RandomGenerator;

  constructor(seed: number, n: number) {
    this.rng = prand.xoroshiro128plus(seed ^ Math.imul(n + 1, 0x9e3779b1));
    prand.unsafeSkipN(this.rng, 8);
  }

  int(from: number, to: number): number {
    return to <= from ? from : prand.unsafeUniformIntDistribution(from, to, this.rng);
  }

  chance(percent: number): boolean {
    return this.int(0, 99) < percent;
  }

  pick<T>(values: readonly T[]): T {
    return values[this.int(0, values.length - 1)];
  }

  weighted<T extends string>(weights: Readonly<Record<T, number>>): T {
    const entries = Object.entries(weights) as [T, number][];
    let roll = this.int(0, entries.reduce((sum, [, w]) => sum + w, 0) - 1);
    for (const [value, weight] of entries) {
      if (roll < weight) return value;
      roll -= weight;
    }
    return entries[entries.length - 1][0];
  }
}

/** Roughly the registry's mix of overall statuses. */
const STATUS_WEIGHTS: Partial<Record<TrialStatus, number>> = {
  COMPLETED: 38,
  RECRUITING: 14,
  UNKNOWN: 12,
  ACTIVE_NOT_RECRUITING: 8,
  TERMINATED: 7,
  NOT_YET_RECRUITING: 6,
  WITHDRAWN: 3,
  ENROLLING_BY_INVITATION: 2,
  SUSPENDED: 1,
};
const OPEN: TrialStatus[] = ['NOT_YET_RECRUITING', 'RECRUITING', 'ENROLLING_BY_INVITATION', 'ACTIVE_NOT_RECRUITING'];
const PHASE_SETS: Phase[][] = [
  ['NA'],
  ['EARLY_PHASE1'],
  ['PHASE1'],
  ['PHASE1', 'PHASE2'],
  ['PHASE2'],
  ['PHASE2', 'PHASE3'],
  ['PHASE3'],
  ['PHASE4'],
];
const COUNTRIES = Object.keys(PLACES);
const MONTHS_UNTIL_UNKNOWN = 24;

interface Dates {
  firstSubmitted: number;
  start: { day: number; actual: boolean };
  primaryCompletion: { day: number; actual: boolean };
  completion: { day: number; actual: boolean };
  lastUpdate: number;
  verified: number;
  resultsSubmitted?: number;
}

const closedDates = (d: Dice, status: TrialStatus, interventional: boolean): Dates => {
  const completion = d.int(FIRST + 400, TODAY - 40);
  const primary = completion - d.int(0, 365);
  const start = primary - (status === 'TERMINATED' ? d.int(60, 900) : d.int(120, 2400));
  const firstSubmitted = Math.max(FIRST, start + d.int(-240, 60));
  let lastUpdate = Math.min(TODAY, completion + d.int(31, 1800));
  let resultsSubmitted: number | undefined;
  if (interventional && d.chance(status === 'COMPLETED' ? 45 : 30)) {
    resultsSubmitted = primary + d.int(200, 500);
    lastUpdate = Math.max(lastUpdate, resultsSubmitted + d.int(31, 400));
    if (lastUpdate > TODAY) [resultsSubmitted, lastUpdate] = [undefined, TODAY];
  }
  return {
    firstSubmitted,
    start: { day: start, actual: true },
    primaryCompletion: { day: primary, actual: true },
    completion: { day: completion, actual: true },
    lastUpdate,
    verified: lastUpdate - d.int(0, 60),
    resultsSubmitted,
  };
};

/** An open study, verified in the last two years (else the registry would show it UNKNOWN). */
const openDates = (d: Dice, status: TrialStatus): Dates => {
  const lastUpdate = TODAY - d.int(0, 680);
  const firstSubmitted = Math.max(FIRST, lastUpdate - d.int(20, 3000));
  const started = status !== 'NOT_YET_RECRUITING';
  const start = started ? d.int(firstSubmitted - 60, lastUpdate - 31) : lastUpdate + d.int(30, 365);
  const primaryDone = status === 'ACTIVE_NOT_RECRUITING' && lastUpdate - start > 150 && d.chance(50);
  const primary = primaryDone ? d.int(start + 90, lastUpdate - 31) : Math.max(start, lastUpdate) + d.int(60, 1500);
  return {
    firstSubmitted,
    start: { day: start, actual: started },
    primaryCompletion: { day: primary, actual: primaryDone },
    completion: { day: Math.max(primary, lastUpdate) + d.int(30, 700), actual: false },
    lastUpdate,
    verified: lastUpdate - d.int(0, 45),
  };
};

/** Withdrawn before anyone enrolled: the plan's dates stay estimated. */
const withdrawnDates = (d: Dice): Dates => {
  const lastUpdate = TODAY - d.int(0, 5000);
  const firstSubmitted = Math.max(FIRST, lastUpdate - d.int(30, 1500));
  const start = firstSubmitted + d.int(30, 400);
  const primary = start + d.int(180, 1500);
  return {
    firstSubmitted,
    start: { day: start, actual: false },
    primaryCompletion: { day: primary, actual: false },
    completion: { day: primary + d.int(0, 365), actual: false },
    lastUpdate,
    verified: lastUpdate - d.int(0, 30),
  };
};

/** UNKNOWN: verification lapsed for more than two years before the version was posted. */
const unknownDates = (d: Dice, lastKnown: TrialStatus): Dates => {
  const lastUpdate = TODAY - d.int(0, 2500);
  const verified = lastUpdate - d.int(31 * (MONTHS_UNTIL_UNKNOWN + 1), 31 * 60);
  const firstSubmitted = Math.max(FIRST, verified - d.int(30, 2000));
  const started = lastKnown !== 'NOT_YET_RECRUITING';
  const start = started ? d.int(firstSubmitted - 60, verified - 31) : verified + d.int(30, 365);
  const primary = Math.max(start, verified) + d.int(60, 1500);
  return {
    firstSubmitted,
    start: { day: start, actual: started },
    primaryCompletion: { day: primary, actual: false },
    completion: { day: primary + d.int(0, 700), actual: false },
    lastUpdate,
    verified,
  };
};

const dateStruct = ({ day, actual }: { day: number; actual: boolean }, old: boolean): Obj =>
  old ? { date: isoOf(day).slice(0, 7) } : { date: isoOf(day), type: actual ? 'ACTUAL' : 'ESTIMATED' };

const statusModule = (base: Obj, status: TrialStatus, lastKnownStatus: TrialStatus | undefined, dates: Dates, d: Dice): Obj => {
  const old = dates.start.day < DAYS_STATED_FROM;
  const posted = (day: number) => ({ date: isoOf(day), type: 'ACTUAL' });
  const results = dates.resultsSubmitted;
  return {
    statusVerifiedDate: isoOf(dates.verified).slice(0, 7),
    overallStatus: status,
    ...(lastKnownStatus ? { lastKnownStatus } : {}),
    ...(['SUSPENDED', 'TERMINATED', 'WITHDRAWN'].includes(status) ? { whyStopped: d.pick(WHY_STOPPED) } : {}),
    expandedAccessInfo: base.expandedAccessInfo,
    startDateStruct: dateStruct(dates.start, old),
    primaryCompletionDateStruct: {
      date: isoOf(dates.primaryCompletion.day),
      type: dates.primaryCompletion.actual ? 'ACTUAL' : 'ESTIMATED',
    },
    completionDateStruct: { date: isoOf(dates.completion.day), type: dates.completion.actual ? 'ACTUAL' : 'ESTIMATED' },
    studyFirstSubmitDate: isoOf(dates.firstSubmitted),
    studyFirstSubmitQcDate: isoOf(dates.firstSubmitted + 1),
    studyFirstPostDateStruct: posted(dates.firstSubmitted + 2),
    ...(results === undefined
      ? {}
      : {
          resultsFirstSubmitDate: isoOf(results),
          resultsFirstSubmitQcDate: isoOf(results + 20),
          resultsFirstPostDateStruct: posted(results + 21),
        }),
    lastUpdateSubmitDate: isoOf(dates.lastUpdate - 1),
    lastUpdatePostDateStruct: posted(dates.lastUpdate),
  };
};

const siteStatusOf = (status: TrialStatus, d: Dice): SiteStatus | undefined => {
  if (status === 'RECRUITING') return d.weighted({ RECRUITING: 75, NOT_YET_RECRUITING: 15, ACTIVE_NOT_RECRUITING: 5, COMPLETED: 5 });
  if (status === 'NOT_YET_RECRUITING' || status === 'ENROLLING_BY_INVITATION' || status === 'ACTIVE_NOT_RECRUITING') return status;
  return undefined;
};

/** 1 to 60 distinct sites, most studies at one or a few, mostly in one country. */
const locations = (template: Obj, status: TrialStatus, d: Dice): Obj[] => {
  const count = d.weighted({ one: 45, few: 30, many: 18, lots: 7 });
  const n = { one: 1, few: d.int(2, 5), many: d.int(6, 20), lots: d.int(21, 60) }[count];
  const home = d.pick(COUNTRIES);
  const seen = new Set<string>();
  const sites: Obj[] = [];
  while (sites.length < n) {
    const country = d.chance(70) ? home : d.pick(COUNTRIES);
    const city = d.pick(PLACES[country]);
    const facility = `${city} ${d.pick(FACILITY_KINDS)}${d.chance(30) ? ` ${d.int(2, 9)}` : ''}`;
    if (seen.has(`${facility}|${country}`)) continue;
    seen.add(`${facility}|${country}`);
    const siteStatus = siteStatusOf(status, d);
    sites.push({ ...template, facility, ...(siteStatus ? { status: siteStatus } : {}), city, country, zip: String(d.int(10000, 99999)) });
  }
  return sites;
};

/** Sizes like the registry's: most studies enroll tens to hundreds, a few thousands. */
const enrollmentCount = (d: Dice): number => Math.round(Math.exp(d.int(200, 850) / 100));

const enrollmentInfo = (status: TrialStatus, dates: Dates, d: Dice): Obj => {
  if (status === 'WITHDRAWN') return { count: 0, type: 'ACTUAL' };
  const actual = dates.primaryCompletion.actual || (status === 'ACTIVE_NOT_RECRUITING' && d.chance(50));
  return { count: enrollmentCount(d), type: actual ? 'ACTUAL' : 'ESTIMATED' };
};

const datesFor = (status: TrialStatus, lastKnown: TrialStatus | undefined, interventional: boolean, d: Dice): Dates => {
  if (status === 'COMPLETED' || status === 'TERMINATED') return closedDates(d, status, interventional);
  if (status === 'WITHDRAWN') return withdrawnDates(d);
  if (status === 'UNKNOWN') return unknownDates(d, lastKnown ?? 'RECRUITING');
  return openDates(d, status);
};

/**
 * Study n of a generated registry: one of the real records (`records`, picked by the dice) under a new NCT ID
 * (NCT9…, which no real record has), with its overall status, dates, results, phases, conditions, enrollment and
 * sites drawn for it, consistent as the registry's PRS review expects (ACTUAL dates past, starts before
 * completions, a reason for a stopped study, no enrollment for a withdrawn one). The rest of the record (titles,
 * design, outcomes, eligibility, results tables) is the real one, shared, so sizes and shapes stay real.
 */
export const generatedStudy = (records: readonly Obj[], seed: number, n: number): Obj => {
  const d = new Dice(seed, n);
  const base = d.pick(records);
  const p = base.protocolSection as Obj;
  const design = p.designModule as Obj;
  const interventional = design.studyType === 'INTERVENTIONAL';
  const status = d.weighted(STATUS_WEIGHTS as Record<TrialStatus, number>);
  const lastKnown = status === 'UNKNOWN' ? d.pick(OPEN) : undefined;
  const dates = datesFor(status, lastKnown, interventional, d);
  const locationsModule = (p.contactsLocationsModule ?? {}) as Obj;
  // The real site's coordinates, state and contacts belong to its own city, not to the one drawn.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { geoPoint, state, contacts, ...template } = ((locationsModule.locations as Obj[] | undefined)?.[0] ?? {}) as Obj;
  const conditions = [...new Set(Array.from({ length: d.int(1, 3) }, () => d.pick(CONDITIONS)))];
  const results = dates.resultsSubmitted !== undefined;
  const resultsSection = results ? (base.resultsSection ?? records.find((r) => r.resultsSection)?.resultsSection) : undefined;
  return {
    protocolSection: {
      ...p,
      identificationModule: { ...(p.identificationModule as Obj), nctId: syntheticNctId(n) },
      statusModule: statusModule(p.statusModule as Obj, status, lastKnown, dates, d),
      conditionsModule: { ...(p.conditionsModule as Obj), conditions },
      designModule: {
        ...design,
        ...(interventional ? { phases: d.pick(PHASE_SETS) } : {}),
        enrollmentInfo: enrollmentInfo(status, dates, d),
      },
      contactsLocationsModule: { ...locationsModule, locations: locations(template, status, d) },
    },
    ...(resultsSection ? { resultsSection } : {}),
    ...Object.fromEntries(Object.entries(base).filter(([k]) => !['protocolSection', 'resultsSection', 'hasResults'].includes(k))),
    hasResults: results,
  };
};

/** Entry name and text of study n, as the registry's full download holds it. */
export const generatedEntry = (records: readonly Obj[], seed: number, n: number): [name: string, text: string] => [
  `${syntheticNctId(n)}.json`,
  JSON.stringify(generatedStudy(records, seed, n)),
];
