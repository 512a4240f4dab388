import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Roles } from '@trial-ledger/platform';
import { UpdateEnrollmentDto } from '../../libs/trials/src/application/update-enrollment/update-enrollment.dto';
import { commandResponse } from '../../libs/trials/src/http/command-response';
import { NctIdPipe } from '../../libs/trials/src/http/nct-id.pipe';
import { RequestMeta } from '../../libs/trials/src/http/request-meta.decorator';

/**
 * The benchmark's ceiling: an enrollment update taken through everything a command meets on the way in and
 * out (rate limit, bearer token and role, JSON body, path pipe, strict validation, request metadata, ETag,
 * problem+json on failure) but never executed, so the gap to the real route is the command's own cost. The
 * pieces are the real route's own, imported from libs/trials; only the bench's app (bench-app.module.ts)
 * mounts it, never the product.
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
    // Typed by the one field read, not by CommandMeta: the bench then depends on no more of the libraries' exports.
    @RequestMeta() meta: { actor: string },
    @Res({ passthrough: true }) res: { header(n: string, v: string): unknown },
  ) {
    // Reads what the real route reads, so no validated field goes unused.
    const revision = dto.count + meta.actor.length;
    return commandResponse(res, { nctId, revision, position: revision, eventIds: [], replayed: false });
  }
}
