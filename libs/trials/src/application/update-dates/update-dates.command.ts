import { Command } from '@nestjs/cqrs';
import { UpdateDates } from '@trial-ledger/domain';
import { CommandMeta, CommandResult } from '../shared/command-context';

export class UpdateDatesCommand extends Command<CommandResult> {
  constructor(readonly data: UpdateDates['data'], readonly meta: CommandMeta) {
    super();
  }
}
