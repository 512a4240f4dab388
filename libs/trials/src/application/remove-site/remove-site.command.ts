import { Command } from '@nestjs/cqrs';
import { RemoveSite } from '@trial-ledger/domain';
import { CommandMeta, CommandResult } from '../shared/command-context';

export class RemoveSiteCommand extends Command<CommandResult> {
  constructor(readonly data: RemoveSite['data'], readonly meta: CommandMeta) {
    super();
  }
}
