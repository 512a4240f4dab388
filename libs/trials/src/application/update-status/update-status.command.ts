import { Command } from '@nestjs/cqrs';
import { UpdateStatus } from '@trial-ledger/domain';
import { CommandMeta, CommandResult } from '../shared/command-context';

export class UpdateStatusCommand extends Command<CommandResult> {
  constructor(readonly data: UpdateStatus['data'], readonly meta: CommandMeta) {
    super();
  }
}
