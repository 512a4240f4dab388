import { Command } from '@nestjs/cqrs';
import { RegisterTrial } from '@trial-ledger/domain';
import { CommandMeta, CommandResult } from '../shared/command-context';

export class RegisterTrialCommand extends Command<CommandResult> {
  constructor(readonly data: RegisterTrial['data'], readonly meta: CommandMeta) {
    super();
  }
}
