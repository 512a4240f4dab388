import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** How a command ended, as its counter's `outcome` label says. */
export type CommandOutcomeLabel = 'accepted' | 'refused' | 'conflict' | 'idempotent_replay' | 'failed';

/** Latencies from 1 ms to 10 s: an embedded append is a millisecond or two, a loaded PostgreSQL one far more. */
const SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The process's Prometheus metrics, in a registry of its own (not prom-client's global one), so that several apps
 * in one test process never share a count. Every name follows Prometheus's conventions: the unit in the name,
 * `_total` on counters, seconds for durations. The list, with what each means, is in docs/observability.md.
 */
export class Metrics {
  readonly registry = new Registry();

  readonly httpDuration = new Histogram({
    name: 'http_server_request_duration_seconds',
    help: 'HTTP requests by method, route template (never the raw URL) and status code, and how long each took',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: SECONDS,
    registers: [this.registry],
  });

  readonly commands = new Counter({
    name: 'trial_ledger_commands_total',
    help: 'Commands by type and outcome: accepted, refused (by a rule of the domain), conflict (412 or lost races), idempotent_replay, failed',
    labelNames: ['command', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly appendDuration = new Histogram({
    name: 'trial_ledger_event_append_duration_seconds',
    help: "Time to append a command's events to the log, durable when it ends",
    buckets: SECONDS,
    registers: [this.registry],
  });

  readonly syncPages = new Counter({
    name: 'trial_ledger_registry_sync_pages_total',
    help: 'Pages of the background registry sync whose studies are durable and cursor saved',
    registers: [this.registry],
  });

  readonly syncStudies = new Counter({
    name: 'trial_ledger_registry_sync_studies_total',
    help: 'Studies the background registry sync read (result="read") and of those, the ones that recorded a new version (result="recorded")',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  readonly syncReported = new Counter({
    name: 'trial_ledger_registry_sync_reported_lines_total',
    help: 'Lines the background registry sync reported (a bad study, a location not kept, an untracked part that changed)',
    registers: [this.registry],
  });

  readonly syncCursor = new Gauge({
    name: 'trial_ledger_registry_sync_cursor_timestamp_seconds',
    help: 'The last day the background registry sync fully covered (its saved cursor), as a Unix time at 00:00 UTC',
    registers: [this.registry],
  });

  private processMetrics = false;

  /** Node's own metrics (CPU, memory, event loop, GC): only where they are served, as they keep an observer running. */
  collectProcessMetrics(): void {
    if (this.processMetrics) return;
    this.processMetrics = true;
    collectDefaultMetrics({ register: this.registry });
  }

  /** Times `work` into the append histogram, whether it succeeds or fails. */
  async timeAppend<T>(work: () => Promise<T>): Promise<T> {
    const end = this.appendDuration.startTimer();
    try {
      return await work();
    } finally {
      end();
    }
  }
}
