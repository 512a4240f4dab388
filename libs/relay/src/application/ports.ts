import type { FaultyEvent } from '@trial-ledger/ledger';
import { KafkaRecord } from './kafka-record';

/**
 * Publishes records to the downstream log. `publish` resolves only once the broker acknowledged every
 * record (from all in-sync replicas); it rejects when it cannot, and may then have delivered some of them.
 */
export abstract class EventPublisher {
  abstract publish(records: KafkaRecord[]): Promise<void>;
  abstract close(): Promise<void>;
}

/**
 * The relay's own durable position in the global log: everything at or before it was acknowledged. Where
 * processes share it under a leader, `save` is refused once the leader's term is over, and `confirmTerm`
 * rejects then too: the relay asks it before each publish, so a former leader waking up sends nothing more.
 */
export abstract class RelayCheckpoint {
  abstract load(): Promise<number>;
  abstract save(position: number): Promise<void>;
  abstract close(): Promise<void>;

  /** A checkpoint one process owns has no term to confirm. */
  async confirmTerm(): Promise<void> {}
}

/** `standby`: another instance is the active relay (scale-out); this one only reports the shared checkpoint. */
/** Opens the relay's checkpoint in whichever engine the deployment uses. */
export abstract class RelayCheckpointFactory {
  abstract open(name: string): RelayCheckpoint;
}

export type RelayState = 'running' | 'retrying' | 'failed' | 'standby';

export type RelayHealth =
  | { enabled: false }
  | {
      enabled: true;
      state: RelayState;
      /** Global position of the last event the broker acknowledged. */
      position: number;
      /** Events in the log after `position` (not a difference of positions), counted up to the limit asked for. */
      lag: number;
      consecutiveFailures: number;
      lastError: string | null;
      /** The event it stopped on because it cannot map it (position, type, stream), until it delivers past it. */
      failedEvent: FaultyEvent | null;
    };

export type ActiveRelayHealth = Extract<RelayHealth, { enabled: true }>;

/**
 * What `/health` asks; the relay answers it, or a stand-in says it is switched off. `lagCountLimit` bounds the
 * count of the lag (EventStore.countEventsAfter); without it, LAG_COUNT_LIMIT.
 */
export abstract class RelayStatus {
  abstract health(lagCountLimit?: number): Promise<RelayHealth>;
}

export class DisabledRelayStatus extends RelayStatus {
  async health(): Promise<RelayHealth> {
    return { enabled: false };
  }
}
