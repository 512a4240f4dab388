import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { EventRelay, RELAY } from '@trial-ledger/relay';
import { EventStore } from '@trial-ledger/event-store';
import { ProjectionRunner, TrialReadModel } from '@trial-ledger/read-models';
import { ScheduledSync } from '@trial-ledger/trials';
import { Leadership } from './leadership/leadership';
import { CatchUpReport } from './catch-up-report';
import { SCHEDULED_SYNC } from './sync/scheduled-sync.provider';

export abstract class BackgroundWorkSettings {
  /** False for processes that only serve requests (RUN_WORKER=false) and for the CLI. */
  abstract readonly enabled: boolean;
}

/**
 * The projections, the Kafka relay and the scheduled registry sync, run by whichever process holds leadership. A
 * process that loses it stops them at once; the next leader resumes from their durable checkpoints and cursor, so
 * nothing is lost or doubled.
 */
@Injectable()
export class BackgroundWork implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('BackgroundWork');
  private shuttingDown = false;
  private readonly catchUp: CatchUpReport;

  constructor(
    private readonly settings: BackgroundWorkSettings,
    private readonly leadership: Leadership,
    private readonly projections: ProjectionRunner,
    @Inject(RELAY) private readonly relay: EventRelay | null,
    store: EventStore,
    readModel: TrialReadModel,
    @Inject(SCHEDULED_SYNC) private readonly sync: ScheduledSync | null,
  ) {
    this.catchUp = new CatchUpReport(store, readModel, (line) => this.logger.log(line));
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.settings.enabled) return;
    await this.leadership.start({
      onElected: async () => {
        await this.projections.start();
        this.catchUp.start();
        await this.relay?.start();
        this.sync?.start();
      },
      onDeposed: async () => {
        // Giving up leadership at shutdown is routine; losing it while running is what an operator must see.
        if (this.shuttingDown) this.logger.log('Shutting down: stopping the projections and the relay');
        else this.logger.warn('Leadership lost: stopping the projections and the relay');
        this.catchUp.stop();
        await Promise.all([this.projections.stop(), this.relay?.stop(), this.sync?.stop()]);
      },
    });
  }

  // Before the stores close, so a batch in flight still commits its checkpoint.
  async beforeApplicationShutdown(): Promise<void> {
    this.shuttingDown = true;
    await this.leadership.stop();
  }

  isLeader(): boolean {
    return this.leadership.isLeader();
  }
}
