import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { EventStore } from '@trial-ledger/event-store';
import { NoRateLimit, Problem, Public, problem } from '@trial-ledger/platform';
import { RelayStatus } from '@trial-ledger/relay';
import { TrialReadModel } from '@trial-ledger/read-models';
import { BackgroundWork } from '../background-work';
import { readModelLag } from './read-model-lag';
import { Readiness, ReadinessLimits, assessReadiness, lagCountLimit } from './readiness';

/** The lag limits of `/health/ready`, from READY_MAX_READ_MODEL_LAG and READY_MAX_RELAY_LAG. */
export abstract class ReadinessSettings implements ReadinessLimits {
  abstract readonly maxReadModelLag: number;
  abstract readonly maxRelayLag: number;
}

// Short, so that a hung database fails the probe instead of hanging it past the orchestrator's own timeout.
const DEPENDENCY_TIMEOUT_MS = 2000;

/** The answer, or null when the dependency failed or took longer than the timeout. */
const within = async <T>(work: () => Promise<T>): Promise<T | null> => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((done) => {
    timer = setTimeout(() => done(null), DEPENDENCY_TIMEOUT_MS);
  });
  try {
    return await Promise.race([work(), timeout]);
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
  }
};

/** Orchestrator probes; `GET /health` stays the detailed report for monitoring. */
@ApiTags('health')
@Controller('health')
export class ProbesHttpController {
  constructor(
    private readonly store: EventStore,
    private readonly readModel: TrialReadModel,
    private readonly relay: RelayStatus,
    private readonly work: BackgroundWork,
    private readonly limits: ReadinessSettings,
  ) {}

  // No dependency is checked: a database outage must not make the orchestrator restart every process.
  @Get('live')
  @Public()
  @NoRateLimit()
  @ApiOperation({ summary: 'Liveness: 200 while the process runs; checks no dependency' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @Public()
  @NoRateLimit()
  @ApiOperation({ summary: 'Readiness: the event store answers and the read-model and (on the leader) relay lags are within limits' })
  @ApiResponse({ status: 503, description: 'Not ready; `checks` says which check failed' })
  async ready(@Res({ passthrough: true }) res: FastifyReply): Promise<Readiness | Problem> {
    // The read-model lag is read in its own order (position, then the events after it) under one deadline.
    const [headPosition, readModels, relay] = await Promise.all([
      within(() => this.store.headPosition()),
      within(() => readModelLag(this.store, this.readModel, lagCountLimit(this.limits.maxReadModelLag))),
      within(() => this.relay.health(lagCountLimit(this.limits.maxRelayLag))),
    ]);
    const observed = { headPosition, readModelLag: readModels?.lag ?? null, relay, leader: this.work.isLeader() };
    const result = assessReadiness(observed, this.limits);
    if (result.ready) return result;
    const failed = Object.entries(result.checks)
      .filter(([, c]) => !c.ok)
      .map(([name]) => name);
    void res.status(HttpStatus.SERVICE_UNAVAILABLE).type('application/problem+json');
    // Set here rather than thrown: the worker has no problem filter, and both apps must answer alike.
    return problem(HttpStatus.SERVICE_UNAVAILABLE, 'not-ready', 'Not ready to take traffic', {
      detail: `Failed: ${failed.join(', ')}`,
      failed,
      checks: result.checks,
    });
  }
}
