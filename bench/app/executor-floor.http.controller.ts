import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ApiExcludeController } from '@nestjs/swagger';
import { Roles } from '@trial-ledger/platform';
import { TrialCommandExecutor } from '../../libs/trials/src/application/shared/trial-command-executor';

interface FloorRequest {
  /** Trials NCT10000000 upward, already registered, updated round robin. */
  trials: number;
  concurrency: number;
  seconds: number;
  /** Counts from here up, never used before, so every command is a real change. */
  firstCount: number;
}

/**
 * The command path's own rate, in the server's process, with no HTTP per command: `concurrency` loops each
 * executing enrollment updates through the product's executor (decide, hash chain, durable append) for `seconds`.
 * HTTP and the command path share the one main thread, so the no-op route's rate and this one bound together what
 * the real route can reach. Only the bench's app mounts it, never the product.
 */
@ApiExcludeController()
@Controller('bench/executor-floor')
export class ExecutorFloorHttpController {
  constructor(private readonly modules: ModuleRef) {}

  @Post()
  @HttpCode(200)
  @Roles('operator')
  async run(@Body() plan: FloorRequest): Promise<{ ok: number; seconds: number }> {
    // The executor is the product module's own provider, not exported to the bench's module: looked up, not injected.
    const executor = this.modules.get(TrialCommandExecutor, { strict: false });
    let count = plan.firstCount;
    let ok = 0;
    const started = performance.now();
    const until = started + plan.seconds * 1000;
    const loop = async () => {
      while (performance.now() < until) {
        count += 1;
        const nctId = `NCT${10_000_000 + (count % plan.trials)}`;
        await executor.execute(
          { type: 'UpdateEnrollment', data: { nctId, count, type: 'ESTIMATED' } },
          { actor: 'bench-floor', role: 'operator', reason: 'Enrollment re-estimated after the interim analysis' },
        );
        ok += 1;
      }
    };
    await Promise.all(Array.from({ length: plan.concurrency }, loop));
    return { ok, seconds: (performance.now() - started) / 1000 };
  }
}
