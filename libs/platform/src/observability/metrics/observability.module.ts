import { DynamicModule, Global, Inject, Injectable, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Metrics } from './metrics';
import { MetricsServer } from './metrics-server';

export interface ObservabilityOptions {
  /** METRICS_PORT: null serves no metrics (they are still counted, for nobody). */
  metricsPort?: number | null;
  /** Flushes and stops the tracing SDK; called when the app shuts down, so the last spans are exported, not lost. */
  stopTracing?: (() => Promise<void>) | null;
}

const OPTIONS = Symbol('OBSERVABILITY_OPTIONS');

/** Serves /metrics on its own port from the start of the app to its shutdown, when a port is configured. */
@Injectable()
export class MetricsEndpoint implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Metrics');
  private server: MetricsServer | null = null;

  constructor(
    private readonly metrics: Metrics,
    @Inject(OPTIONS) private readonly options: ObservabilityOptions,
  ) {}

  /** The bound port (METRICS_PORT=0 picks a free one), or null when no metrics are served. */
  get port(): number | null {
    return this.server?.port ?? null;
  }

  /** See MetricsServer.nextScrape; false at once when no metrics are served. */
  async nextScrape(ms: number, signal?: AbortSignal): Promise<boolean> {
    return (await this.server?.nextScrape(ms, signal)) ?? false;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.options.metricsPort === null || this.options.metricsPort === undefined) return;
    this.server = await MetricsServer.listen(this.metrics, this.options.metricsPort);
    this.logger.log(`Prometheus metrics on port ${this.server.port} at /metrics`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.server?.close();
  }
}

/** Runs last among the shutdown hooks that use this module: the work they trace is over by then. */
@Injectable()
export class TracingShutdown implements OnApplicationShutdown {
  constructor(@Inject(OPTIONS) private readonly options: ObservabilityOptions) {}

  async onApplicationShutdown(): Promise<void> {
    await this.options.stopTracing?.();
  }
}

/** One Metrics per app, everywhere in it: the executor, the HTTP hook, the lag gauges. */
@Global()
@Module({})
export class ObservabilityModule {
  static forRoot(options: ObservabilityOptions): DynamicModule {
    return {
      module: ObservabilityModule,
      providers: [{ provide: Metrics, useValue: new Metrics() }, { provide: OPTIONS, useValue: options }, MetricsEndpoint, TracingShutdown],
      exports: [Metrics, MetricsEndpoint],
    };
  }
}
