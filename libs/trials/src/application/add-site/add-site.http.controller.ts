import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiCommandAnswer, ApiProblems, COMMAND_PROBLEMS, Roles } from '@trial-ledger/platform';
import { siteIdFor } from '@trial-ledger/domain';
import { CommandMeta, CommandResult } from '@trial-ledger/ledger';
import { TrialCommandExecutor } from '../shared/trial-command-executor';
import { RequestMeta } from '../../http/request-meta.decorator';
import { NctIdPipe } from '../../http/nct-id.pipe';
import { commandResponse } from '../../http/command-response';

/** The site's id is not the caller's to choose: it follows from the trial and the address. */
export type AddSiteResult = CommandResult & { siteId: string };
import { AddSiteDto } from './add-site.dto';

@ApiTags('commands')
@ApiBearerAuth()
@Controller('trials/:nctId')
export class AddSiteHttpController {
  constructor(private readonly executor: TrialCommandExecutor) {}

  @Post('sites')
  @HttpCode(201)
  @ApiCommandAnswer(201, 'AddSiteResult', 'The site: /trials/{nctId}/sites/{siteId}?minRevision={revision}')
  @ApiProblems(...COMMAND_PROBLEMS)
  @Roles('operator')
  @ApiOperation({ summary: 'Add a site; answers with its siteId' })
  @ApiHeader({ name: 'If-Match', required: false, description: 'The revision last seen, e.g. "3"; 412 when stale' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async handle(
    @Param('nctId', NctIdPipe) nctId: string,
    @Body() dto: AddSiteDto,
    @RequestMeta() meta: CommandMeta,
    @Res({ passthrough: true }) res: { header(n: string, v: string): unknown },
  ): Promise<AddSiteResult> {
    const { reason, effectiveDate, ...fields } = dto;
    // The id follows from the address, so a retried request names the same site.
    const siteId = siteIdFor(nctId, fields);
    const result = await this.executor.execute({ type: 'AddSite', data: { nctId, siteId, ...fields } }, { ...meta, reason, effectiveDate });
    // The revision in the link makes the read wait for the projection, so the Location answers at once.
    const location = `/trials/${nctId}/sites/${siteId}?minRevision=${result.revision}`;
    return { ...commandResponse(res, result, location), siteId };
  }
}
