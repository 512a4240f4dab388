import { Command } from '@nestjs/cqrs';
import { UpdateDetails } from '@trial-ledger/domain';
import { CommandMeta, CommandResult } from '../shared/command-context';

export class UpdateDetailsCommand extends Command<CommandResult> {
  constructor(readonly data: UpdateDetails['data'], readonly meta: CommandMeta) {
    super();
  }
}
