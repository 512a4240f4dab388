import { RecordedEvent } from '@trial-ledger/event-store';
import {
  DomainError,
  ObservedRecord,
  PartialDate,
  Phase,
  TRIAL_EVENT_SCHEMA_VERSIONS,
  TrialCommand,
  TrialState,
  TrialStatus,
  decide,
  evolve,
  initialState,
} from '@trial-ledger/domain';
import { toTrialEvent, trialStreamId } from '@trial-ledger/ledger';

/**
 * Test support: many varied trials' streams, made by the domain's own decider from a seeded generator, so every
 * event is one the ledger could hold. Registry versions of every status with dates of every precision (ACTUAL ones
 * after the day of the report too), undated versions, verifications, results, sites; operator commands with
 * effective dates days to months before they were recorded. The events of all trials interleave in one log.
 */
const DAY = 86_400_000;

const mulberry32 = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

type Random = ReturnType<typeof mulberry32>;
const pick = <T>(r: Random, values: readonly T[]): T => values[Math.floor(r() * values.length)];
const chance = (r: Random, p: number): boolean => r() < p;

const STATUSES: TrialStatus[] = [
  'NOT_YET_RECRUITING',
  'RECRUITING',
  'RECRUITING',
  'ENROLLING_BY_INVITATION',
  'ACTIVE_NOT_RECRUITING',
  'ACTIVE_NOT_RECRUITING',
  'SUSPENDED',
  'TERMINATED',
  'COMPLETED',
  'COMPLETED',
  'WITHDRAWN',
  'UNKNOWN',
  'AVAILABLE',
  'NO_LONGER_AVAILABLE',
];
const OPERATOR_STATUSES: TrialStatus[] = ['RECRUITING', 'ACTIVE_NOT_RECRUITING', 'SUSPENDED', 'COMPLETED', 'TERMINATED', 'WITHDRAWN'];
const PHASE_SETS: Phase[][] = [[], ['NA'], ['EARLY_PHASE1'], ['PHASE1'], ['PHASE1', 'PHASE2'], ['PHASE2'], ['PHASE3'], ['PHASE4']];

const iso = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
/** A day at a random precision: yyyy, yyyy-MM or yyyy-MM-dd. */
const partial = (r: Random, ms: number): PartialDate => iso(ms).slice(0, pick(r, [4, 7, 10, 10, 10]));

export interface ComplianceStreamsOptions {
  trials: number;
  seed: number;
  /** The day of the reports: every fact is made public on or before it. */
  today: string;
  /** Days before `today` the first trial begins. */
  spanDays?: number;
}

interface Draft {
  nctId: string;
  state: TrialState;
  revision: number;
  version: number;
  posted: number;
  record: ObservedRecord;
}

const recordOf = (r: Random, nctId: string, at: number, today: number): ObservedRecord => {
  const status = pick(r, STATUSES);
  const date = (offsetDays: number) => ({
    date: partial(r, at + offsetDays * DAY),
    ...(chance(r, 0.8) ? { type: chance(r, 0.5) ? ('ACTUAL' as const) : ('ESTIMATED' as const) } : {}),
  });
  const studyType = pick(r, ['INTERVENTIONAL', 'INTERVENTIONAL', 'OBSERVATIONAL'] as const);
  return {
    nctId,
    title: `Study ${nctId}`,
    sponsor: { name: pick(r, ['Sun Yat-sen University', 'Gilead Sciences', 'NCI']) },
    collaborators: [],
    secondaryIds: [],
    studyType,
    phases: pick(r, PHASE_SETS),
    conditions: [pick(r, ['COVID-19', 'Lung Cancer', 'Asthma'])],
    interventions: [{ type: 'DRUG', name: 'Remdesivir' }],
    ...(chance(r, 0.8) ? { enrollment: { count: Math.floor(r() * 300), ...(chance(r, 0.6) ? { type: 'ACTUAL' as const } : {}) } } : {}),
    status,
    ...(status === 'UNKNOWN' ? { lastKnownStatus: pick(r, ['RECRUITING', 'ACTIVE_NOT_RECRUITING'] as const) } : {}),
    ...(['SUSPENDED', 'TERMINATED', 'WITHDRAWN'].includes(status) && chance(r, 0.8) ? { whyStopped: 'Funding' } : {}),
    ...(chance(r, 0.9) ? { statusVerifiedDate: partial(r, at - Math.floor(r() * 900) * DAY) } : {}),
    ...(chance(r, 0.9) ? { firstSubmittedDate: partial(r, at - Math.floor(r() * 400) * DAY) } : {}),
    ...(chance(r, 0.85) ? { startDate: date(-Math.floor(r() * 500) + 20) } : {}),
    ...(chance(r, 0.8) ? { primaryCompletionDate: date(Math.floor(r() * 900) - 500) } : {}),
    ...(chance(r, 0.7) ? { completionDate: date(Math.floor(r() * 1200) - 400) } : {}),
    ...(chance(r, 0.7) ? { fdaRegulatedDrug: chance(r, 0.6) } : {}),
    ...(chance(r, 0.4) ? { fdaRegulatedDevice: chance(r, 0.3) } : {}),
    ...(chance(r, 0.2) ? { resultsFirstSubmittedDate: partial(r, Math.min(today, at + Math.floor(r() * 300) * DAY)) } : {}),
    sites: Array.from({ length: Math.floor(r() * 3) }, (_, i) => ({
      facility: `Hospital ${i}`,
      city: pick(r, ['Boston', 'Paris', 'Guangzhou']),
      country: pick(r, ['United States', 'France', 'China']),
      ...(chance(r, 0.5) ? { status: pick(r, ['RECRUITING', 'COMPLETED'] as const) } : {}),
    })),
  };
};

const commandOf = (r: Random, d: Draft, at: number, today: number): { command: TrialCommand; effective?: PartialDate } => {
  const nctId = d.nctId;
  const roll = r();
  const before = (days: number) => iso(at - Math.floor(r() * days) * DAY);
  if (!d.state.registered || roll < 0.45) {
    d.version += 1;
    // Versions are posted in order; now and then a source states no date at all.
    d.posted = Math.max(d.posted, Math.min(today, at - Math.floor(r() * 60) * DAY));
    const mutated = chance(r, 0.7) ? recordOf(r, nctId, at, today) : { ...d.record, status: pick(r, STATUSES) };
    d.record = mutated;
    const postedDate = chance(r, 0.06) ? null : partial(r, d.posted);
    return {
      command: {
        type: 'ObserveRegistryVersion',
        data: { nctId, version: { source: 'generated', version: d.version, postedDate, record: mutated } },
      },
    };
  }
  if (roll < 0.6)
    return {
      command: { type: 'UpdateStatus', data: { nctId, status: pick(r, OPERATOR_STATUSES), whyStopped: 'Sponsor decision' } },
      effective: before(120),
    };
  if (roll < 0.7)
    return { command: { type: 'RecordVerification', data: { nctId, ...(chance(r, 0.5) ? { verifiedOn: before(30) } : {}) } } };
  if (roll < 0.8) {
    const field = pick(r, ['startDate', 'primaryCompletionDate', 'completionDate'] as const);
    return {
      command: { type: 'UpdateDates', data: { nctId, [field]: { date: before(200), type: pick(r, ['ACTUAL', 'ESTIMATED'] as const) } } },
    };
  }
  if (roll < 0.9)
    return { command: { type: 'UpdateEnrollment', data: { nctId, count: Math.floor(r() * 200), type: 'ACTUAL' } }, effective: before(60) };
  return {
    command: { type: 'AddSite', data: { nctId, siteId: `s${d.revision}`, facility: `Clinic ${d.revision}`, country: 'France' } },
    effective: before(10),
  };
};

/** The log: every trial's events in one order of positions, each trial's revisions counted from 1. */
export const complianceStreams = ({ trials, seed, today, spanDays = 3000 }: ComplianceStreamsOptions): RecordedEvent[] => {
  const r = mulberry32(seed);
  const end = Date.parse(`${today}T00:00:00.000Z`);
  let clock = end - spanDays * DAY;
  const drafts: Draft[] = Array.from({ length: trials }, (_, i) => ({
    nctId: `NCT7${String(seed % 1000).padStart(3, '0')}${String(i).padStart(4, '0')}`,
    state: initialState(),
    revision: 0,
    version: 0,
    posted: 0,
    record: recordOf(r, 'NCT00000000', clock, end),
  }));
  const log: RecordedEvent[] = [];
  const steps = trials * 8;
  for (let step = 0; step < steps; step++) {
    clock = Math.min(end - DAY, clock + Math.floor(r() * ((2 * spanDays * DAY) / steps)));
    const d = pick(r, drafts);
    const { command, effective } = commandOf(r, d, clock, end);
    let events;
    try {
      events = decide(command, d.state, { today: iso(clock) });
    } catch (error) {
      if (error instanceof DomainError) continue;
      throw error;
    }
    for (const event of events) {
      d.revision += 1;
      const position = log.length + 1;
      const recorded: RecordedEvent = {
        streamId: trialStreamId(d.nctId),
        revision: d.revision,
        position,
        eventId: `evt-${seed}-${position}`,
        type: event.type,
        schemaVersion: TRIAL_EVENT_SCHEMA_VERSIONS[event.type],
        data: event.data as unknown as Record<string, unknown>,
        metadata: {
          eventId: `evt-${seed}-${position}`,
          commandId: `cmd-${position}`,
          correlationId: `cmd-${position}`,
          causationId: `cmd-${position}`,
          actor: 'generator',
          role: command.type === 'ObserveRegistryVersion' ? 'importer' : 'operator',
          recordedAt: new Date(clock).toISOString(),
          ...(effective ? { effectiveDate: effective } : {}),
        },
      };
      d.state = evolve(d.state, toTrialEvent(recorded));
      log.push(recorded);
    }
  }
  return log;
};
