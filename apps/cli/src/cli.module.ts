import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from '@trial-ledger/platform';
import { RuntimeModule } from '@trial-ledger/runtime';
import { TrialsModule } from '@trial-ledger/trials';

/** The CLI works on the same stores as the API, without HTTP and without running the projections or the relay. */
@Module({})
export class CliModule {
  /** `writer`: the command, for one that writes (it takes DATA_DIR's writer lock); false for one that only reads. */
  static forRoot(config: AppConfig, writer: string | false = false): DynamicModule {
    return {
      module: CliModule,
      imports: [RuntimeModule.forRoot({ ...config, readWaitTimeoutMs: 0, runWorker: false, writer }), TrialsModule],
    };
  }
}
