import { RelayHealth } from '@trial-ledger/relay';

/** What the probe saw; `null` where a dependency did not answer in time (or failed). */
export interface Observed {
  headPosition: number | null;
  readModelPosition: number | null;
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

const lagCheck = (lag: number, max: number): Check =>
  ({ ok: lag <= max, detail: `lag ${lag} (max ${max})` });

const readModelsCheck = ({ headPosition, readModelPosition }: Observed, max: number): Check => {
  if (headPosition === null) return { ok: false, detail: 'unknown: the event store did not answer' };
  if (readModelPosition === null) return { ok: false, detail: 'the read models did not answer' };
  return lagCheck(headPosition - readModelPosition, max);
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
    eventStore: observed.headPosition === null
      ? { ok: false, detail: 'did not answer in time' }
      : { ok: true, detail: `head ${observed.headPosition}` },
    readModels: readModelsCheck(observed, limits.maxReadModelLag),
    kafkaRelay: relayCheck(observed, limits.maxRelayLag),
  };
  return { ready: Object.values(checks).every((c) => c.ok), checks };
};
