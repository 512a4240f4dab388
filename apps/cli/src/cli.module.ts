import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from '@trial-ledger/platform';
import { RuntimeModule } from '@trial-ledger/runtime';
import { TrialsModule } from '@trial-ledger/trials';

/** The CLI works on the same stores as the API, without HTTP and without running the projections or the relay. */
@Module({})
export class CliModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CliModule,
      imports: [RuntimeModule.forRoot({ ...config, readWaitTimeoutMs: 0, runWorker: false }), TrialsModule],
    };
  }
}
