import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { join } from 'node:path';
import { AuthSettings, JwtAuthGuard, KafkaConfig } from '@trial-ledger/platform';
import { RelayModule, SqliteRelayCheckpoint } from '@trial-ledger/relay';
import { Clock, EmbeddedInfrastructureModule, IdGenerator, ProblemFilter, TrialsModule } from '@trial-ledger/trials';
import { HealthHttpController } from './health/health.http.controller';

export interface AppModuleOptions {
  dataDir: string;
  jwtSecret: string;
  readWaitTimeoutMs: number;
  /** Null: Kafka is not configured and the relay is off. */
  kafka: KafkaConfig | null;
  /** First relay retry delay (tests shorten it). */
  relayInitialBackoffMs?: number;
  clock?: Clock;
  ids?: IdGenerator;
}

@Module({})
export class AppModule {
  static forRoot(options: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        EmbeddedInfrastructureModule.forRoot({ ...options, runProjections: true }),
        TrialsModule,
        RelayModule.forRoot({
          kafka: options.kafka,
          initialBackoffMs: options.relayInitialBackoffMs,
          checkpoint: (name) => SqliteRelayCheckpoint.open(join(options.dataDir, 'relay.sqlite'), name),
        }),
      ],
      controllers: [HealthHttpController],
      providers: [
        { provide: AuthSettings, useValue: { jwtSecret: options.jwtSecret } },
        { provide: APP_GUARD, useClass: JwtAuthGuard },
        { provide: APP_FILTER, useClass: ProblemFilter },
      ],
    };
  }
}
