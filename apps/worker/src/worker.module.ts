import { DynamicModule, Module } from '@nestjs/common';
import { ObservabilityModule, ObservabilityOptions } from '@trial-ledger/platform';
import { HealthHttpController, LagGauges, ProbesHttpController, RuntimeModule, RuntimeOptions } from '@trial-ledger/runtime';

/**
 * The projections and the Kafka relay without the command API: for a scale-out where API replicas set
 * RUN_WORKER=false. Several workers may run; the leader lease lets one work and keeps the others ready.
 * Only /health (and its /live and /ready probes) is served, for the orchestrator's probes.
 */
@Module({})
export class WorkerModule {
  static forRoot(options: RuntimeOptions & ObservabilityOptions): DynamicModule {
    return {
      module: WorkerModule,
      imports: [ObservabilityModule.forRoot(options), RuntimeModule.forRoot({ ...options, runWorker: true })],
      controllers: [HealthHttpController, ProbesHttpController],
      providers: [LagGauges],
    };
  }
}
