import { Command } from '@nestjs/cqrs';
import { CommandMeta, CommandResult } from '../shared/command-context';

export class RecordVerificationCommand extends Command<CommandResult> {
  constructor(readonly data: { nctId: string; verifiedOn?: string }, readonly meta: CommandMeta) {
    super();
  }
}
