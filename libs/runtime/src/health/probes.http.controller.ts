import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { EventStore, StoreWriteProbe } from '@trial-ledger/event-store';
import { ApiReadAnswer, NoRateLimit, Problem, Public, problem, schemaRef } from '@trial-ledger/platform';
import { RelayStatus } from '@trial-ledger/relay';
import { ProjectionRunner, TrialReadModel } from '@trial-ledger/read-models';
import { BackgroundWork } from '../background-work';
import { DependencyOutageLog, Outcome, causeOf } from './dependency-failure';
import { ProgressWatch } from './progress-watch';
import { readModelLag } from './read-model-lag';
import { Readiness, ReadinessLimits, assessReadiness, lagCountLimit } from './readiness';
import { WRITE_PROBE } from './write-probe-of';

/** The limits of `/health/ready`, from READY_MAX_READ_MODEL_LAG, READY_MAX_RELAY_LAG and READINESS_STALL_SECONDS. */
export abstract class ReadinessSettings implements ReadinessLimits {
  abstract readonly maxReadModelLag: number;
  abstract readonly maxRelayLag: number;
  abstract readonly stallSeconds: number;
}

// Short, so that a hung database fails the probe instead of hanging it past the orchestrator's own timeout.
const DEPENDENCY_TIMEOUT_MS = 2000;

/** The answer, or why there is none: the failure's own cause, or that it took longer than the timeout. */
const within = async <T>(work: () => Promise<T>): Promise<Outcome<T>> => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Outcome<T>>((done) => {
    timer = setTimeout(() => done({ ok: false, cause: `did not answer in ${DEPENDENCY_TIMEOUT_MS} ms` }), DEPENDENCY_TIMEOUT_MS);
  });
  const answer = work().then(
    (value): Outcome<T> => ({ ok: true, value }),
    (error: unknown): Outcome<T> => ({ ok: false, cause: causeOf(error) }),
  );
  try {
    return await Promise.race([answer, timeout]);
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
    private readonly progress: ProgressWatch,
    private readonly outages: DependencyOutageLog,
    private readonly projections: ProjectionRunner,
    @Inject(WRITE_PROBE) private readonly writeProbe: StoreWriteProbe | null,
  ) {}

  // No dependency is checked: a database outage must not make the orchestrator restart every process.
  @Get('live')
  @Public()
  @NoRateLimit()
  @ApiOperation({ summary: 'Liveness: 200 while the process runs; checks no dependency', security: [] })
  @ApiReadAnswer('Liveness')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @Public()
  @NoRateLimit()
  @ApiOperation({
    summary:
      'Readiness: the event store answers and takes a write (to a scratch table, never the log), the read-model and (on the leader) relay lags are within limits, ' +
      'no projection is stopped on an event it cannot apply, ' +
      'and the read models have not stood still with events after them for longer than READINESS_STALL_SECONDS',
    security: [],
  })
  @ApiReadAnswer('Readiness', { description: 'Ready; `checks` gives each check' })
  @ApiResponse({
    status: 503,
    description: 'Not ready; `failed` names the checks that failed and `checks` says why',
    content: { 'application/problem+json': { schema: schemaRef('Problem') } },
  })
  async ready(@Res({ passthrough: true }) res: FastifyReply): Promise<Readiness | Problem> {
    // The read-model lag is read in its own order (position, then the events after it) under one deadline.
    const probe = this.writeProbe;
    const [headPosition, readModels, relay, written] = await Promise.all([
      within(() => this.store.headPosition()),
      within(() => readModelLag(this.store, this.readModel, lagCountLimit(this.limits.maxReadModelLag))),
      within(() => this.relay.health(lagCountLimit(this.limits.maxRelayLag))),
      probe ? within(() => probe.probe()) : null,
    ]);
    const writes = probe && written ? { location: probe.location, outcome: written } : null;
    this.logOutage({ 'the event store': headPosition, 'the read models': readModels, 'the relay status': relay });
    const stall = readModels.ok ? this.progress.observe(readModels.value.position, readModels.value.lag) : null;
    const projectionFaults = this.projections.faults();
    const observed = { headPosition, readModels, relay, leader: this.work.isLeader(), stall, projectionFaults, writes };
    const result = assessReadiness(observed, this.limits);
    if (result.ready) return result;
    const failed = Object.entries(result.checks)
      .filter(([, c]) => !c.ok)
      .map(([name]) => name);
    void res.status(HttpStatus.SERVICE_UNAVAILABLE).type('application/problem+json');
    // Set here rather than thrown: the answer must not depend on which exception filter an app registers.
    return problem(HttpStatus.SERVICE_UNAVAILABLE, 'not-ready', 'Not ready to take traffic', {
      detail: `Failed: ${failed.map((name) => `${name} (${result.checks[name as keyof Readiness['checks']].detail})`).join('; ')}`,
      failed,
      checks: result.checks,
      // What an operator needs to act on a projection stopped on an event: its position, type and error.
      ...(projectionFaults.length > 0 ? { projectionFaults } : {}),
    });
  }

  private logOutage(outcomes: Record<string, Outcome<unknown>>): void {
    const down = Object.entries(outcomes).find(([, o]) => !o.ok);
    if (!down) return this.outages.answering();
    const [dependency, outcome] = down;
    if (!outcome.ok) this.outages.failing(dependency, outcome.cause);
  }
}
