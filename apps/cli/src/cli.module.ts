import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig, ObservabilityModule } from '@trial-ledger/platform';
import { RuntimeModule } from '@trial-ledger/runtime';
import { TrialsModule } from '@trial-ledger/trials';

/** The CLI works on the same stores as the API, without HTTP and without running the projections or the relay. */
@Module({})
export class CliModule {
  /**
   * `writer`: the command, for one that writes (it takes DATA_DIR's writer lock); false for one that only reads.
   * `metrics`: the command counts its work, served on METRICS_PORT when set (the executor counts its commands too).
   */
  static forRoot(config: AppConfig, writer: string | false = false, metrics = false): DynamicModule {
    const observability = metrics ? [ObservabilityModule.forRoot({ metricsPort: config.observability.metricsPort })] : [];
    return {
      module: CliModule,
      imports: [...observability, RuntimeModule.forRoot({ ...config, readWaitTimeoutMs: 0, runWorker: false, writer }), TrialsModule],
    };
  }
}
