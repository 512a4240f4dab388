import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { EventStore, LAG_COUNT_LIMIT } from '@trial-ledger/event-store';
import { NoRateLimit, Public } from '@trial-ledger/platform';
import { RelayHealth, RelayStatus } from '@trial-ledger/relay';
import { BackgroundWork } from '../background-work';
import { TrialReadModel } from '@trial-ledger/read-models';
import { readModelLag } from './read-model-lag';

interface Health {
  status: 'ok';
  eventStore: { headPosition: number };
  /** `lag`: events in the log after `position`, counted up to LAG_COUNT_LIMIT (at that number: at least that many). */
  readModels: { position: number; lag: number };
  kafkaRelay: RelayHealth;
  /** Whether this process runs the projections and the relay now; in a scale-out, exactly one does. */
  worker: { leader: boolean };
}

@ApiTags('health')
@Controller('health')
export class HealthHttpController {
  constructor(
    private readonly store: EventStore,
    private readonly readModel: TrialReadModel,
    private readonly relay: RelayStatus,
    private readonly work: BackgroundWork,
  ) {}

  // Kafka being down never makes the service unhealthy: commands still succeed and the relay catches up later.
  @Get()
  @Public()
  @NoRateLimit()
  @ApiOperation({ summary: 'Liveness, the log head, and how far the read models and the Kafka relay lag behind it' })
  async health(): Promise<Health> {
    // The position before anything of the log (read-model-lag.ts says why); the head after it as well, so that
    // one answer never shows read models ahead of the log.
    const { position, lag } = await readModelLag(this.store, this.readModel, LAG_COUNT_LIMIT);
    const head = await this.store.headPosition();
    return {
      status: 'ok',
      eventStore: { headPosition: head },
      readModels: { position, lag },
      kafkaRelay: await this.relay.health(),
      worker: { leader: this.work.isLeader() },
    };
  }
}
