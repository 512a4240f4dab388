import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@trial-ledger/platform';
import { CommandMeta } from '../shared/command-context';
import { RequestMeta } from '../../http/request-meta.decorator';
import { NctIdPipe } from '../../http/nct-id.pipe';
import { commandResponse } from '../../http/command-response';
import { AddSiteCommand, AddSiteResult } from './add-site.command';
import { AddSiteDto } from './add-site.dto';

@ApiTags('commands')
@ApiBearerAuth()
@Controller('trials/:nctId')
export class AddSiteHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post('sites')
  @HttpCode(201)
  @Roles('operator')
  @ApiOperation({ summary: 'Add a site; answers with its siteId' })
  @ApiHeader({ name: 'If-Match', required: false, description: 'The revision last seen, e.g. "3"; 412 when stale' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async handle(
    @Param('nctId', NctIdPipe) nctId: string,
    @Body() dto: AddSiteDto,
    @RequestMeta() meta: CommandMeta,
    @Res({ passthrough: true }) res: { setHeader(n: string, v: string): unknown },
  ): Promise<AddSiteResult> {
    const { reason, effectiveDate, ...fields } = dto;
    const result = await this.commandBus.execute(new AddSiteCommand({ nctId, ...fields }, { ...meta, reason, effectiveDate }));
    commandResponse(res, result, `/trials/${nctId}/sites/${result.siteId}`);
    return result;
  }
}
