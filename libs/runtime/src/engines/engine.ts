import { EventStore } from '@trial-ledger/event-store';
import { RelayCheckpointFactory } from '@trial-ledger/relay';
import {
  ProjectionHandler,
  ProjectionRunner,
  ProjectionRunnerOptions,
  TrialComplianceReadModel,
  TrialReadModel,
} from '@trial-ledger/read-models';
import { Leadership } from '../leadership/leadership';

/**
 * The read side on one engine: the projections that write it (for a rebuild), what runs them live, the
 * queries that read it, and its cleanup.
 */
export interface ReadSide {
  handlers: ProjectionHandler[];
  liveProjections(store: EventStore, options: ProjectionRunnerOptions): ProjectionRunner;
  readModel: TrialReadModel;
  complianceReadModel: TrialComplianceReadModel;
  relayCheckpoints: RelayCheckpointFactory;
  leadership: Leadership;
  close(): Promise<void>;
}

export const READ_SIDE = Symbol('READ_SIDE');

export type OpenEventStore = () => Promise<EventStore>;
