import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiCommandAnswer, ApiProblems, Roles } from '@trial-ledger/platform';
import { CommandMeta, CommandResult } from '@trial-ledger/ledger';
import { RequestMeta } from '../../http/request-meta.decorator';
import { commandResponse } from '../../http/command-response';
import { TrialCommandExecutor } from '../shared/trial-command-executor';
import { RegisterTrialDto } from './register-trial.dto';

@ApiTags('commands')
@ApiBearerAuth()
@Controller('trials')
export class RegisterTrialHttpController {
  constructor(private readonly executor: TrialCommandExecutor) {}

  @Post()
  @HttpCode(201)
  @ApiCommandAnswer(201, 'CommandResult', 'The trial: /trials/{nctId}')
  @ApiProblems(400, 401, 403, 409, 413, 415, 422, 429, 503)
  @Roles('operator')
  @ApiOperation({ summary: 'Register a trial (201, Location, ETag = revision)' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async register(
    @Body() dto: RegisterTrialDto,
    @RequestMeta() meta: CommandMeta,
    @Res({ passthrough: true }) res: { header(n: string, v: string): unknown },
  ): Promise<CommandResult> {
    const { reason, effectiveDate, ...data } = dto;
    const result = await this.executor.execute({ type: 'RegisterTrial', data }, { ...meta, reason, effectiveDate });
    return commandResponse(res, result, `/trials/${result.nctId}`);
  }
}
