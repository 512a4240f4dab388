import { LAG_COUNT_LIMIT, Writability } from '@trial-ledger/event-store';
import { RelayHealth } from '@trial-ledger/relay';
import { ProjectionFault } from '@trial-ledger/read-models';
import { Outcome } from './dependency-failure';
import { Stall } from './progress-watch';
import { ReadModelLag } from './read-model-lag';

/**
 * What the probe saw: each dependency's answer or why it gave none (it failed, or took longer than the probe's
 * timeout). Both lags are events behind (`EventStore.countEventsAfter`), counted up to `lagCountLimit` of their
 * limit, on every engine.
 */
export interface Observed {
  headPosition: Outcome<number>;
  readModels: Outcome<ReadModelLag>;
  relay: Outcome<RelayHealth>;
  leader: boolean;
  /** Read models behind at one position for at least the stall threshold (`ProgressWatch`); null otherwise. */
  stall: Stall | null;
  /** This process's projections stopped on a failure, waiting to retry (only the leader runs them). */
  projectionFaults: ProjectionFault[];
  /** A write to the store's scratch table just now, and where the store lives; null on an engine without a probe. */
  writes: { location: string; outcome: Outcome<Writability> } | null;
}

export interface ReadinessLimits {
  maxReadModelLag: number;
  maxRelayLag: number;
  /** How long read models may stay at one position with events after it (READINESS_STALL_SECONDS). */
  stallSeconds: number;
}

export interface Check {
  ok: boolean;
  detail: string;
}

export interface Readiness {
  ready: boolean;
  checks: { eventStore: Check; eventStoreWrites: Check; readModels: Check; projections: Check; kafkaRelay: Check; leader: Check };
}

/**
 * How far to count a lag that is judged against `max`: always past it, so that the verdict is exact, and no less
 * than `/health` counts, so that both report the same number.
 */
export const lagCountLimit = (max: number): number => Math.max(LAG_COUNT_LIMIT, max + 1);

const lagCheck = (lag: number, max: number): Check => {
  const counted = lag >= lagCountLimit(max) ? `at least ${lag}` : `${lag}`;
  return { ok: lag <= max, detail: `lag ${counted} (max ${max})` };
};

const eventStoreCheck = ({ headPosition }: Observed): Check =>
  headPosition.ok ? { ok: true, detail: `head ${headPosition.value}` } : { ok: false, detail: `unavailable: ${headPosition.cause}` };

// Reads alone said nothing of a full disk or a read-only database: commands failed while the probe stayed green.
const writesCheck = ({ writes }: Observed): Check => {
  if (writes === null) return { ok: true, detail: 'not probed on this engine' };
  const { location, outcome } = writes;
  const reason = !outcome.ok ? outcome.cause : !outcome.value.writable ? outcome.value.reason : null;
  if (reason !== null) return { ok: false, detail: `event store at ${location} cannot be written: ${reason}` };
  return { ok: true, detail: `event store at ${location} took a write` };
};

const readModelsCheck = ({ readModels }: Observed, max: number): Check =>
  readModels.ok ? lagCheck(readModels.value.lag, max) : { ok: false, detail: `unavailable: ${readModels.cause}` };

const faultDetail = ({ projection, event, error, attempts, retryInMs }: ProjectionFault): string => {
  const where = event ? ` at position ${event.position} (${event.type}, stream ${event.streamId})` : '';
  return `${projection} stopped${where}: ${error}; attempt ${attempts}, next in ${retryInMs} ms`;
};

// A failed projection retries by itself; the probe says which event holds it until it applies again or is skipped.
const projectionsCheck = ({ projectionFaults, leader }: Observed): Check => {
  if (projectionFaults.length > 0) return { ok: false, detail: projectionFaults.map(faultDetail).join('; ') };
  return { ok: true, detail: leader ? 'applying events' : 'standby: the leader runs them' };
};

// Only the leader relays: a standby's lag is the leader's to report, and counting it would pull every replica.
const relayCheck = ({ relay, leader }: Observed, max: number): Check => {
  if (!relay.ok) return { ok: false, detail: `status unavailable: ${relay.cause}` };
  if (!relay.value.enabled) return { ok: true, detail: 'disabled' };
  if (!leader) return { ok: true, detail: 'standby: not counted' };
  const { failedEvent: e, lastError, consecutiveFailures } = relay.value;
  if (e !== null) {
    const where = `position ${e.position} (${e.type}, stream ${e.streamId})`;
    return { ok: false, detail: `stopped at ${where}: ${lastError}; attempt ${consecutiveFailures}` };
  }
  return lagCheck(relay.value.lag, max);
};

// Whoever leads runs the projections, so read models that stopped with events waiting mean the leader stopped.
const leaderCheck = ({ readModels, stall }: Observed, stallSeconds: number): Check => {
  if (!readModels.ok) return { ok: true, detail: 'not judged: the read models did not answer' };
  if (stall === null) return { ok: true, detail: readModels.value.lag === 0 ? 'read models at the head' : 'read models moving' };
  const seconds = Math.floor(stall.forMs / 1000);
  return {
    ok: false,
    detail:
      `stalled: the read models have stayed at position ${stall.position} for ${seconds} s (max ${stallSeconds} s) ` +
      `with ${stall.lag} events after it; the leader is not applying events`,
  };
};

/** Whether a process should take traffic, and which check said no. Pure, so every branch is unit-tested. */
export const assessReadiness = (observed: Observed, limits: ReadinessLimits): Readiness => {
  const checks = {
    eventStore: eventStoreCheck(observed),
    eventStoreWrites: writesCheck(observed),
    readModels: readModelsCheck(observed, limits.maxReadModelLag),
    projections: projectionsCheck(observed),
    kafkaRelay: relayCheck(observed, limits.maxRelayLag),
    leader: leaderCheck(observed, limits.stallSeconds),
  };
  return { ready: Object.values(checks).every((c) => c.ok), checks };
};
