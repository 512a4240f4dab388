import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiCommandAnswer, ApiProblems, COMMAND_PROBLEMS, Roles } from '@trial-ledger/platform';
import { CommandMeta, CommandResult } from '@trial-ledger/ledger';
import { RequestMeta } from '../../http/request-meta.decorator';
import { NctIdPipe } from '../../http/nct-id.pipe';
import { commandResponse } from '../../http/command-response';
import { TrialCommandExecutor } from '../shared/trial-command-executor';
import { UpdateEnrollmentDto } from './update-enrollment.dto';

@ApiTags('commands')
@ApiBearerAuth()
@Controller('trials/:nctId')
export class UpdateEnrollmentHttpController {
  constructor(private readonly executor: TrialCommandExecutor) {}

  @Post('enrollment')
  @HttpCode(200)
  @ApiCommandAnswer(200)
  @ApiProblems(...COMMAND_PROBLEMS)
  @Roles('operator')
  @ApiOperation({ summary: 'Update the enrollment count and type' })
  @ApiHeader({ name: 'If-Match', required: false, description: 'The revision last seen, e.g. "3"; 412 when stale' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async handle(
    @Param('nctId', NctIdPipe) nctId: string,
    @Body() dto: UpdateEnrollmentDto,
    @RequestMeta() meta: CommandMeta,
    @Res({ passthrough: true }) res: { header(n: string, v: string): unknown },
  ): Promise<CommandResult> {
    const { reason, effectiveDate, ...fields } = dto;
    const result = await this.executor.execute(
      { type: 'UpdateEnrollment', data: { nctId, ...fields } },
      { ...meta, reason, effectiveDate },
    );
    return commandResponse(res, result);
  }
}
