import { Command } from '@nestjs/cqrs';
import { RenameSite } from '@trial-ledger/domain';
import { CommandMeta, CommandResult } from '../shared/command-context';

export class RenameSiteCommand extends Command<CommandResult> {
  constructor(readonly data: RenameSite['data'], readonly meta: CommandMeta) {
    super();
  }
}
