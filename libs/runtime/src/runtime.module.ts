import { DynamicModule, Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { EventStore, LogCheckpoints } from '@trial-ledger/event-store';
import {
  DEFAULT_READINESS_STALL_SECONDS,
  DEFAULT_READY_MAX_LAG,
  KafkaConfig,
  LeadershipConfig,
  ProjectionConfig,
  ReadinessConfig,
  StorageConfig,
  SyncConfig,
} from '@trial-ledger/platform';
import { RelayCheckpointFactory, RelayModule } from '@trial-ledger/relay';
import { Clock, IdGenerator, RandomIdGenerator, SystemClock } from '@trial-ledger/ledger';
import { ProjectionProgress, ProjectionRunner, TrialComplianceReadModel, TrialReadModel } from '@trial-ledger/read-models';
import { AccessLog, ReadYourWritesSettings, RegistryRules } from '@trial-ledger/trials';
import { DEFAULT_UNKNOWN_POLICY, UnknownPolicy } from '@trial-ledger/domain';
import { BackgroundWork, BackgroundWorkSettings } from './background-work';
import { READ_SIDE, ReadSide } from './engines/engine';
import { openEventStore, openReadSide } from './engines/select-engine';
import { DependencyOutageLog } from './health/dependency-failure';
import { ProgressWatch } from './health/progress-watch';
import { ReadinessSettings } from './health/probes.http.controller';
import { WRITE_PROBE, writeProbeOf } from './health/write-probe-of';
import { Leadership } from './leadership/leadership';
import { scheduledSyncProvider } from './sync/scheduled-sync.provider';
import { accessLogProviders } from './access-log/access-log.providers';
import { WriterLock } from './writer-lock/writer-lock';
import { CheckpointSettings, LogCheckpointer } from './checkpoints/log-checkpointer';
import { logCheckpointsOf } from './checkpoints/log-checkpoints-of';

/** The readiness limits and the leader lease take their defaults when absent (tests, the CLI). */
export interface RuntimeOptions extends Partial<ReadinessConfig>, Partial<LeadershipConfig>, Partial<ProjectionConfig> {
  storage: StorageConfig;
  dataDir: string;
  kafka: KafkaConfig | null;
  readWaitTimeoutMs: number;
  /** Take part in running the projections and the relay (under the leader lease). */
  runWorker: boolean;
  relayInitialBackoffMs?: number;
  clock?: Clock;
  ids?: IdGenerator;
  /** How UNKNOWN is derived; the domain's default when absent (tests, tools). */
  unknownPolicy?: UnknownPolicy;
  /** The registry sync the leader runs on a schedule; none when absent or without an interval. */
  sync?: SyncConfig;
  /**
   * What this process is, recorded with the writer lock it takes on DATA_DIR when a store lives there ('api' when
   * absent); false for a process that only reads (the CLI's verify and replay), which takes no lock.
   */
  writer?: string | false;
}

const readinessOf = (options: RuntimeOptions): ReadinessSettings => ({
  maxReadModelLag: options.readyMaxReadModelLag ?? DEFAULT_READY_MAX_LAG,
  maxRelayLag: options.readyMaxRelayLag ?? DEFAULT_READY_MAX_LAG,
  stallSeconds: options.readinessStallSeconds ?? DEFAULT_READINESS_STALL_SECONDS,
});

/** All the rebuildable read models' projections, for `rebuild`. */
export const PROJECTIONS = Symbol('PROJECTIONS');

const WRITER_LOCK = Symbol('WRITER_LOCK');

/** The writer lock on DATA_DIR, when a store lives there and this process writes. */
const writerLockOf = ({ storage, dataDir, writer }: RuntimeOptions): WriterLock | null => {
  const embedded = storage.eventStore === 'sqlite' || storage.readModelStore === 'sqlite';
  return embedded && writer !== false ? WriterLock.acquire(dataDir, writer ?? 'api') : null;
};

@Injectable()
class StoreShutdown implements OnApplicationShutdown {
  constructor(
    private readonly store: EventStore,
    @Inject(READ_SIDE) private readonly readSide: ReadSide,
    @Inject(WRITER_LOCK) private readonly writerLock: WriterLock | null,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
    await this.readSide.close();
    this.writerLock?.release();
  }
}

/**
 * The composition root shared by the API, the worker and the CLI: it picks the event store and the read
 * models by configuration (EVENT_STORE, READ_MODEL_STORE) and runs the background work under leadership.
 */
@Global()
@Module({})
export class RuntimeModule {
  static forRoot(options: RuntimeOptions): DynamicModule {
    return {
      module: RuntimeModule,
      imports: [RelayModule.forRoot({ kafka: options.kafka, initialBackoffMs: options.relayInitialBackoffMs })],
      providers: [
        // Taken before any store opens: a second writer is refused before it touches a file.
        { provide: WRITER_LOCK, useFactory: () => writerLockOf(options) },
        { provide: EventStore, inject: [WRITER_LOCK], useFactory: () => openEventStore(options) },
        { provide: READ_SIDE, inject: [WRITER_LOCK], useFactory: () => openReadSide(options) },
        { provide: PROJECTIONS, inject: [READ_SIDE], useFactory: (r: ReadSide) => r.handlers },
        { provide: TrialReadModel, inject: [READ_SIDE], useFactory: (r: ReadSide) => r.readModel },
        { provide: TrialComplianceReadModel, inject: [READ_SIDE], useFactory: (r: ReadSide) => r.complianceReadModel },
        { provide: RelayCheckpointFactory, inject: [READ_SIDE], useFactory: (r: ReadSide) => r.relayCheckpoints },
        { provide: Leadership, inject: [READ_SIDE], useFactory: (r: ReadSide) => r.leadership },
        ...accessLogProviders(options),
        { provide: ProjectionProgress, useExisting: ProjectionRunner },
        { provide: ReadYourWritesSettings, useValue: { timeoutMs: options.readWaitTimeoutMs } },
        { provide: BackgroundWorkSettings, useValue: { enabled: options.runWorker } },
        { provide: ReadinessSettings, useValue: readinessOf(options) },
        // A monotonic clock: a stall is a duration, which a wall clock set back or forward would misstate.
        { provide: ProgressWatch, useFactory: () => new ProgressWatch(readinessOf(options).stallSeconds * 1000, () => performance.now()) },
        DependencyOutageLog,
        { provide: Clock, useValue: options.clock ?? new SystemClock() },
        { provide: RegistryRules, useValue: { unknownPolicy: options.unknownPolicy ?? DEFAULT_UNKNOWN_POLICY } },
        { provide: IdGenerator, useValue: options.ids ?? new RandomIdGenerator() },
        { provide: LogCheckpoints, inject: [EventStore], useFactory: logCheckpointsOf },
        { provide: WRITE_PROBE, inject: [EventStore], useFactory: writeProbeOf },
        { provide: CheckpointSettings, useValue: { config: options.storage.checkpoints, dataDir: options.dataDir } },
        LogCheckpointer,
        scheduledSyncProvider(options),
        BackgroundWork,
        StoreShutdown,
      ],
      exports: [
        EventStore,
        TrialReadModel,
        TrialComplianceReadModel,
        ProjectionProgress,
        ProjectionRunner,
        AccessLog,
        ReadYourWritesSettings,
        Clock,
        IdGenerator,
        PROJECTIONS,
        RelayCheckpointFactory,
        BackgroundWork,
        RelayModule,
        ReadinessSettings,
        ProgressWatch,
        DependencyOutageLog,
        RegistryRules,
        LogCheckpointer,
        LogCheckpoints,
        WRITE_PROBE,
      ],
    };
  }
}
