import { DynamicModule, Module } from '@nestjs/common';
import { EmbeddedInfrastructureModule, TrialsModule } from '@trial-ledger/trials';

/** The CLI works on the same store as the API, without HTTP and without running the projections. */
@Module({})
export class CliModule {
  static forRoot(dataDir: string): DynamicModule {
    return {
      module: CliModule,
      imports: [EmbeddedInfrastructureModule.forRoot({ dataDir, readWaitTimeoutMs: 0, runProjections: false }), TrialsModule],
    };
  }
}
