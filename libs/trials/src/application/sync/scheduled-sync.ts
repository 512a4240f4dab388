import { Logger } from '@nestjs/common';
import { RegistryApiClient } from '@trial-ledger/importer';
import { Clock } from '@trial-ledger/ledger';
import { UnknownPolicy } from '@trial-ledger/domain';
import { Metrics, syncPageCounter } from '@trial-ledger/platform';
import { TrialCommandExecutor } from '../shared/trial-command-executor';
import { SyncCursorStore } from './sync-cursor-store.port';
import { NoSyncCursorError, SyncOutcome, syncRegistry } from './sync-registry';

export interface ScheduledSyncSettings {
  intervalMs: number;
  /** Where the first run starts when no cursor is saved yet (SYNC_SINCE). */
  since: string | null;
  unknownPolicy: UnknownPolicy;
  /** Where each page's progress is counted; none in a process that serves no metrics. */
  metrics?: Metrics;
}

const outcomeLine = (o: SyncOutcome): string =>
  `${o.pages} pages, ${o.studies} studies read, ${o.recorded} recorded (${o.newTrials} new trials), ${o.issues} lines reported, cursor ${o.cursor}`;

/**
 * The registry sync as background work: one run at once, and the next one an interval after it ended, so a slow
 * run never overlaps the next. Started by the leader; stop() asks the run in hand to end after its page (events
 * durable, cursor saved) and waits for it, so that a new leader resumes from the saved cursor.
 */
export class ScheduledSync {
  private readonly logger = new Logger('RegistrySync');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopping: AbortController | null = null;

  constructor(
    private readonly executor: TrialCommandExecutor,
    private readonly client: RegistryApiClient,
    private readonly openCursors: () => SyncCursorStore,
    private readonly clock: Clock,
    private readonly settings: ScheduledSyncSettings,
  ) {}

  start(): void {
    if (this.stopping !== null) return;
    this.stopping = new AbortController();
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopping?.abort();
    this.stopping = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private schedule(ms: number): void {
    const signal = this.stopping?.signal;
    if (signal === undefined || signal.aborted) return;
    this.timer = setTimeout(() => {
      this.running = this.runOnce(signal).finally(() => {
        this.running = null;
        this.schedule(this.settings.intervalMs);
      });
    }, ms);
  }

  private async runOnce(signal: AbortSignal): Promise<void> {
    const cursors = this.openCursors();
    try {
      const since = (await cursors.load(this.client.baseUrl)) === null ? (this.settings.since ?? undefined) : undefined;
      const outcome = await syncRegistry(
        this.executor,
        this.client,
        cursors,
        {
          actor: 'registry-sync',
          unknownPolicy: this.settings.unknownPolicy,
          since,
          today: this.clock.now().toISOString().slice(0, 10),
          signal,
        },
        {
          onIssue: (i) => this.logger.warn(`${i.file}: record ${i.record}, field ${i.field}: ${i.message}`),
          onPageDone: syncPageCounter(this.settings.metrics),
        },
      );
      if (outcome.stopped === null || outcome.stopped === 'interrupted') this.logger.log(`Registry sync: ${outcomeLine(outcome)}`);
      else this.logger.error(`Registry sync stopped at ${outcome.stopped.page.url}: ${outcome.stopped.message}; ${outcomeLine(outcome)}`);
    } catch (error) {
      if (error instanceof NoSyncCursorError) this.logger.warn(`${error.message.replace('--since', 'SYNC_SINCE')}; not syncing`);
      else this.logger.error(`Registry sync failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    } finally {
      await cursors.close();
    }
  }
}
