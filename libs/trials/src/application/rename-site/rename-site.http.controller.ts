import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiCommandAnswer, ApiProblems, COMMAND_PROBLEMS, Roles } from '@trial-ledger/platform';
import { CommandMeta, CommandResult } from '@trial-ledger/ledger';
import { RequestMeta } from '../../http/request-meta.decorator';
import { NctIdPipe, SiteIdPipe } from '../../http/nct-id.pipe';
import { commandResponse } from '../../http/command-response';
import { TrialCommandExecutor } from '../shared/trial-command-executor';
import { RenameSiteDto } from './rename-site.dto';

@ApiTags('commands')
@ApiBearerAuth()
@Controller('trials/:nctId')
export class RenameSiteHttpController {
  constructor(private readonly executor: TrialCommandExecutor) {}

  @Post('sites/:siteId/facility')
  @HttpCode(200)
  @ApiCommandAnswer(200)
  @ApiProblems(...COMMAND_PROBLEMS)
  @Roles('operator')
  @ApiOperation({ summary: "Rename a site's facility; the site keeps its id" })
  @ApiHeader({ name: 'If-Match', required: false, description: 'The revision last seen, e.g. "3"; 412 when stale' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async handle(
    @Param('nctId', NctIdPipe) nctId: string,
    @Body() dto: RenameSiteDto,
    @RequestMeta() meta: CommandMeta,
    @Res({ passthrough: true }) res: { header(n: string, v: string): unknown },
    @Param('siteId', SiteIdPipe) siteId: string,
  ): Promise<CommandResult> {
    const { reason, effectiveDate, ...fields } = dto;
    const result = await this.executor.execute(
      { type: 'RenameSite', data: { nctId, siteId, ...fields } },
      { ...meta, reason, effectiveDate },
    );
    return commandResponse(res, result);
  }
}
