import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { AuthSettings, JwtAuthGuard } from '@trial-ledger/platform';
import { Clock, EmbeddedInfrastructureModule, IdGenerator, ProblemFilter, TrialsModule } from '@trial-ledger/trials';
import { HealthHttpController } from './health/health.http.controller';

export interface AppModuleOptions {
  dataDir: string;
  jwtSecret: string;
  readWaitTimeoutMs: number;
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
