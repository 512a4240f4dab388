import { DynamicModule, Global, Inject, Injectable, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { EventStore, SqliteEventStore } from '@trial-ledger/event-store';
import { Clock, SystemClock } from '../application/ports/clock.port';
import { IdGenerator, RandomIdGenerator } from '../application/ports/id-generator.port';
import { ProjectionHandler, TrialReadModel } from '../application/ports/read-model.port';
import { ProjectionProgress } from '../application/ports/projection-progress.port';
import { ReadYourWritesSettings } from '../application/shared/read-your-writes';
import { ProjectionRunner } from '../read-models/projection-runner';
import { openReadModelDb } from './sqlite/read-model-db';
import { SqliteTrialHistoryProjection, SqliteTrialViewProjection } from './sqlite/sqlite-projections';
import { SqliteTrialReadModel } from './sqlite/sqlite-trial-read-model';

export interface EmbeddedOptions {
  dataDir: string;
  readWaitTimeoutMs: number;
  /** Run the projections in this process (the API in embedded mode does; the CLI does not). */
  runProjections: boolean;
  clock?: Clock;
  ids?: IdGenerator;
}

export const EMBEDDED_OPTIONS = Symbol('EMBEDDED_OPTIONS');
export const READ_MODEL_DB = Symbol('READ_MODEL_DB');
export const PROJECTIONS = Symbol('PROJECTIONS');

@Injectable()
class EmbeddedLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(EMBEDDED_OPTIONS) private readonly options: EmbeddedOptions,
    private readonly runner: ProjectionRunner,
    private readonly store: EventStore,
    @Inject(READ_MODEL_DB) private readonly db: Database.Database,
  ) {}

  async onModuleInit(): Promise<void> {
    if (this.options.runProjections) await this.runner.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runner.stop();
    await this.store.close();
    this.db.close();
  }
}

/** Everything on one machine: the event log and the read models in SQLite files under DATA_DIR. */
@Global()
@Module({})
export class EmbeddedInfrastructureModule {
  static forRoot(options: EmbeddedOptions): DynamicModule {
    return {
      module: EmbeddedInfrastructureModule,
      providers: [
        { provide: EMBEDDED_OPTIONS, useValue: options },
        { provide: EventStore, useFactory: () => SqliteEventStore.open(join(options.dataDir, 'events.sqlite')) },
        { provide: READ_MODEL_DB, useFactory: () => openReadModelDb(join(options.dataDir, 'read-models.sqlite')) },
        {
          provide: PROJECTIONS, inject: [READ_MODEL_DB],
          useFactory: (db: Database.Database): ProjectionHandler[] => [new SqliteTrialViewProjection(db), new SqliteTrialHistoryProjection(db)],
        },
        {
          provide: TrialReadModel, inject: [READ_MODEL_DB, PROJECTIONS],
          useFactory: (db: Database.Database, handlers: ProjectionHandler[]) => new SqliteTrialReadModel(db, handlers.map((h) => h.name)),
        },
        { provide: ProjectionRunner, inject: [EventStore, PROJECTIONS], useFactory: (s: EventStore, h: ProjectionHandler[]) => new ProjectionRunner(s, h) },
        { provide: ProjectionProgress, useExisting: ProjectionRunner },
        { provide: ReadYourWritesSettings, useValue: { timeoutMs: options.readWaitTimeoutMs } },
        { provide: Clock, useValue: options.clock ?? new SystemClock() },
        { provide: IdGenerator, useValue: options.ids ?? new RandomIdGenerator() },
        EmbeddedLifecycle,
      ],
      exports: [EventStore, TrialReadModel, ProjectionProgress, ProjectionRunner, ReadYourWritesSettings, Clock, IdGenerator, PROJECTIONS],
    };
  }
}
