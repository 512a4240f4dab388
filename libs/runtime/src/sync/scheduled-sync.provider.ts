import { Provider } from '@nestjs/common';
import { EventStore } from '@trial-ledger/event-store';
import { RegistryApiClient } from '@trial-ledger/importer';
import { Clock, IdGenerator } from '@trial-ledger/ledger';
import { Metrics, StorageConfig, SyncConfig } from '@trial-ledger/platform';
import { DEFAULT_UNKNOWN_POLICY, UnknownPolicy } from '@trial-ledger/domain';
import { ScheduledSync, TrialCommandExecutor, openSyncCursorStore } from '@trial-ledger/trials';

/** The background registry sync, or null when SYNC_INTERVAL_MINUTES is not set. */
export const SCHEDULED_SYNC = Symbol('SCHEDULED_SYNC');

export interface ScheduledSyncOptions {
  sync?: SyncConfig;
  storage: StorageConfig;
  dataDir: string;
  unknownPolicy?: UnknownPolicy;
}

/**
 * The job gets an executor of its own: the worker serves no commands and has none, and an executor only reads and
 * appends streams, so one beside the API's in the same process is safe (a conflict is decided again).
 */
export const scheduledSyncProvider = (options: ScheduledSyncOptions): Provider => ({
  provide: SCHEDULED_SYNC,
  inject: [EventStore, Clock, IdGenerator, { token: Metrics, optional: true }],
  useFactory: (store: EventStore, clock: Clock, ids: IdGenerator, metrics?: Metrics): ScheduledSync | null => {
    const sync = options.sync;
    if (sync === undefined || sync.intervalMinutes === null) return null;
    const client = new RegistryApiClient(sync);
    return new ScheduledSync(
      new TrialCommandExecutor(store, clock, ids, metrics),
      client,
      () => openSyncCursorStore(options.storage, options.dataDir),
      clock,
      {
        intervalMs: sync.intervalMinutes * 60_000,
        since: sync.since,
        unknownPolicy: options.unknownPolicy ?? DEFAULT_UNKNOWN_POLICY,
        metrics,
      },
    );
  },
});
