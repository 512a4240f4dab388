import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Roles } from '@trial-ledger/platform';
import { CommandMeta, CommandResult } from '@trial-ledger/ledger';
import { UpdateEnrollmentDto } from '../application/update-enrollment/update-enrollment.dto';
import { commandResponse } from './command-response';
import { NctIdPipe } from './nct-id.pipe';
import { RequestMeta } from './request-meta.decorator';

/**
 * The benchmark's ceiling: an enrollment update taken through everything a command meets on the way in and
 * out (rate limit, bearer token and role, JSON body, path pipe, strict validation, request metadata, ETag,
 * problem+json on failure) but never executed, so the gap to the real route is the command's own cost.
 * Mounted only when BENCH_NOOP_ROUTE=true; never in a deployment.
 */
@ApiExcludeController()
@Controller('bench/noop/trials/:nctId')
export class NoopCommandHttpController {
  @Post('enrollment')
  @HttpCode(200)
  @Roles('operator')
  handle(
    @Param('nctId', NctIdPipe) nctId: string,
    @Body() dto: UpdateEnrollmentDto,
    @RequestMeta() meta: CommandMeta,
    @Res({ passthrough: true }) res: { setHeader(n: string, v: string): unknown },
  ): CommandResult {
    // Reads what the real route reads, so no validated field goes unused.
    const revision = dto.count + meta.actor.length;
    return commandResponse(res, { nctId, revision, position: revision, eventIds: [], replayed: false });
  }
}
