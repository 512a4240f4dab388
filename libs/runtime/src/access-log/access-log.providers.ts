import { Injectable, OnApplicationShutdown, Provider } from '@nestjs/common';
import { EventStore } from '@trial-ledger/event-store';
import {
  DEFAULT_PROJECTION_RETRY_INITIAL_MS,
  DEFAULT_PROJECTION_RETRY_MAX_MS,
  ProjectionConfig,
  StorageConfig,
} from '@trial-ledger/platform';
import { ProjectionRunner } from '@trial-ledger/read-models';
import { AccessLog, RecordedSkips, openAccessLog } from '@trial-ledger/trials';
import { READ_SIDE, ReadSide } from '../engines/engine';

export interface AccessLogOptions extends Partial<ProjectionConfig> {
  storage: StorageConfig;
  dataDir: string;
}

@Injectable()
class AccessLogShutdown implements OnApplicationShutdown {
  constructor(private readonly log: AccessLog) {}

  async onApplicationShutdown(): Promise<void> {
    await this.log.close();
  }
}

/**
 * The access log, and the live projections that read their skips from it and back off between failures as
 * configured (PROJECTION_RETRY_INITIAL_MS, PROJECTION_RETRY_MAX_MS).
 */
export const accessLogProviders = (options: AccessLogOptions): Provider[] => [
  { provide: AccessLog, useFactory: () => openAccessLog(options.storage, options.dataDir) },
  AccessLogShutdown,
  {
    provide: ProjectionRunner,
    inject: [EventStore, READ_SIDE, AccessLog],
    useFactory: (store: EventStore, readSide: ReadSide, log: AccessLog) =>
      readSide.liveProjections(store, {
        skipped: new RecordedSkips(log),
        retry: {
          initialMs: options.projectionRetryInitialMs ?? DEFAULT_PROJECTION_RETRY_INITIAL_MS,
          maxMs: options.projectionRetryMaxMs ?? DEFAULT_PROJECTION_RETRY_MAX_MS,
        },
      }),
  },
];
