import { Command } from '@nestjs/cqrs';
import { UpdateSiteStatus } from '@trial-ledger/domain';
import { CommandMeta, CommandResult } from '../shared/command-context';

export class UpdateSiteStatusCommand extends Command<CommandResult> {
  constructor(readonly data: UpdateSiteStatus['data'], readonly meta: CommandMeta) {
    super();
  }
}
