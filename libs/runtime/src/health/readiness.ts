import { LAG_COUNT_LIMIT } from '@trial-ledger/event-store';
import { RelayHealth } from '@trial-ledger/relay';

/**
 * What the probe saw; `null` where a dependency did not answer in time (or failed). Both lags are events behind
 * (`EventStore.countEventsAfter`), counted up to `lagCountLimit` of their limit, on every engine.
 */
export interface Observed {
  headPosition: number | null;
  readModelLag: number | null;
  relay: RelayHealth | null;
  leader: boolean;
}

export interface ReadinessLimits {
  maxReadModelLag: number;
  maxRelayLag: number;
}

export interface Check {
  ok: boolean;
  detail: string;
}

export interface Readiness {
  ready: boolean;
  checks: { eventStore: Check; readModels: Check; kafkaRelay: Check };
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

const readModelsCheck = ({ headPosition, readModelLag }: Observed, max: number): Check => {
  if (headPosition === null) return { ok: false, detail: 'unknown: the event store did not answer' };
  if (readModelLag === null) return { ok: false, detail: 'the read models did not answer' };
  return lagCheck(readModelLag, max);
};

// Only the leader relays: a standby's lag is the leader's to report, and counting it would pull every replica.
const relayCheck = ({ relay, leader }: Observed, max: number): Check => {
  if (relay === null) return { ok: false, detail: 'the relay status did not answer' };
  if (!relay.enabled) return { ok: true, detail: 'disabled' };
  if (!leader) return { ok: true, detail: 'standby: not counted' };
  return lagCheck(relay.lag, max);
};

/** Whether a process should take traffic, and which check said no. Pure, so every branch is unit-tested. */
export const assessReadiness = (observed: Observed, limits: ReadinessLimits): Readiness => {
  const checks = {
    eventStore:
      observed.headPosition === null
        ? { ok: false, detail: 'did not answer in time' }
        : { ok: true, detail: `head ${observed.headPosition}` },
    readModels: readModelsCheck(observed, limits.maxReadModelLag),
    kafkaRelay: relayCheck(observed, limits.maxRelayLag),
  };
  return { ready: Object.values(checks).every((c) => c.ok), checks };
};
