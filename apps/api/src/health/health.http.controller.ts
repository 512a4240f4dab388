import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { EventStore } from '@trial-ledger/event-store';
import { Public } from '@trial-ledger/platform';
import { TrialReadModel } from '@trial-ledger/trials';

@ApiTags('health')
@Controller('health')
export class HealthHttpController {
  constructor(private readonly store: EventStore, private readonly readModel: TrialReadModel) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Liveness, the log head and how far the read models lag behind it' })
  async health(): Promise<{ status: 'ok'; eventStore: { headPosition: number }; readModels: { position: number; lag: number } }> {
    const head = await this.store.headPosition();
    const position = await this.readModel.position();
    return { status: 'ok', eventStore: { headPosition: head }, readModels: { position, lag: head - position } };
  }
}
