import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { EventStore, LAG_COUNT_LIMIT } from '@trial-ledger/event-store';
import { ApiReadAnswer, NoRateLimit, Problem, Public, problem, schemaRef } from '@trial-ledger/platform';
import { RelayHealth, RelayStatus } from '@trial-ledger/relay';
import { TrialReadModel } from '@trial-ledger/read-models';
import { BackgroundWork } from '../background-work';
import { DependencyOutageLog, causeOf } from './dependency-failure';

export interface Health {
  status: 'ok';
  eventStore: { headPosition: number };
  /** `lag`: events in the log after `position`, counted up to LAG_COUNT_LIMIT (at that number: at least that many). */
  readModels: { position: number; lag: number };
  kafkaRelay: RelayHealth;
  /** Whether this process runs the projections and the relay now; in a scale-out, exactly one does. */
  worker: { leader: boolean };
}

/** Which dependency a step of the report reads, so that a failure names it. */
const reading = async <T>(dependency: string, work: () => Promise<T>): Promise<T> => {
  try {
    return await work();
  } catch (error) {
    throw new UnavailableDependency(dependency, causeOf(error));
  }
};

class UnavailableDependency extends Error {
  constructor(
    readonly dependency: string,
    readonly reason: string,
  ) {
    super(`${dependency} unavailable: ${reason}`);
  }
}

@ApiTags('health')
@Controller('health')
export class HealthHttpController {
  constructor(
    private readonly store: EventStore,
    private readonly readModel: TrialReadModel,
    private readonly relay: RelayStatus,
    private readonly work: BackgroundWork,
    private readonly outages: DependencyOutageLog,
  ) {}

  // Kafka being down never makes the service unhealthy: commands still succeed and the relay catches up later.
  @Get()
  @Public()
  @NoRateLimit()
  @ApiOperation({ summary: 'Liveness, the log head, and how far the read models and the Kafka relay lag behind it', security: [] })
  @ApiReadAnswer('Health')
  @ApiResponse({
    status: 503,
    description: 'A dependency (the event store, the read models) did not answer; `dependency` and `cause` say which and why',
    content: { 'application/problem+json': { schema: schemaRef('Problem') } },
  })
  async health(@Res({ passthrough: true }) res: FastifyReply): Promise<Health | Problem> {
    try {
      const health = await this.report();
      this.outages.answering();
      return health;
    } catch (error) {
      if (!(error instanceof UnavailableDependency)) throw error;
      this.outages.failing(error.dependency, error.reason);
      // Answered here, not thrown to a filter: the worker registers none, and every app must answer alike.
      void res.status(HttpStatus.SERVICE_UNAVAILABLE).type('application/problem+json').header('Retry-After', '1');
      return problem(HttpStatus.SERVICE_UNAVAILABLE, 'unavailable', 'Service unavailable', {
        detail: error.message,
        dependency: error.dependency,
        cause: error.reason,
      });
    }
  }

  private async report(): Promise<Health> {
    // The position before anything of the log (read-model-lag.ts says why); the head after it as well, so that
    // one answer never shows read models ahead of the log. Read step by step to name whichever does not answer.
    const position = await reading('the read models', () => this.readModel.position());
    const lag = await reading('the event store', () => this.store.countEventsAfter(position, LAG_COUNT_LIMIT));
    const head = await reading('the event store', () => this.store.headPosition());
    return {
      status: 'ok',
      eventStore: { headPosition: head },
      readModels: { position, lag },
      kafkaRelay: await reading('the relay status', () => this.relay.health()),
      worker: { leader: this.work.isLeader() },
    };
  }
}
