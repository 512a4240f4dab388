import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CorrectRecord, RecordCorrections } from '@trial-ledger/domain';
import { ApiCommandAnswer, ApiProblems, COMMAND_PROBLEMS, Roles } from '@trial-ledger/platform';
import { CommandMeta, CommandResult } from '@trial-ledger/ledger';
import { RequestMeta } from '../../http/request-meta.decorator';
import { NctIdPipe } from '../../http/nct-id.pipe';
import { commandResponse } from '../../http/command-response';
import { TrialCommandExecutor } from '../shared/trial-command-executor';
import { CorrectRecordDto } from './correct-record.dto';

/** The DTO declares every field; only those the caller sent are corrections. */
const sent = (corrections: object): RecordCorrections =>
  Object.fromEntries(Object.entries(corrections).filter(([, value]) => value !== undefined));

@ApiTags('commands')
@ApiBearerAuth()
@Controller('trials/:nctId')
export class CorrectRecordHttpController {
  constructor(private readonly executor: TrialCommandExecutor) {}

  @Post('corrections')
  @HttpCode(201)
  @ApiCommandAnswer(201)
  @ApiProblems(...COMMAND_PROBLEMS)
  @Roles('operator')
  @ApiOperation({
    summary: 'Correct what the event at a revision recorded: a new event that names it and says why; the old one is kept',
  })
  @ApiHeader({ name: 'If-Match', required: false, description: 'The revision last seen, e.g. "3"; 412 when stale' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async handle(
    @Param('nctId', NctIdPipe) nctId: string,
    @Body() dto: CorrectRecordDto,
    @RequestMeta() meta: CommandMeta,
    @Res({ passthrough: true }) res: { header(n: string, v: string): unknown },
  ): Promise<CommandResult> {
    const { reason, revision, corrections } = dto;
    const command: CorrectRecord = { type: 'CorrectRecord', data: { nctId, correctsRevision: revision, corrections: sent(corrections) } };
    const result = await this.executor.execute(command, { ...meta, reason });
    return commandResponse(res, result);
  }
}
