import { Command } from '@nestjs/cqrs';
import { UpdateEnrollment } from '@trial-ledger/domain';
import { CommandMeta, CommandResult } from '../shared/command-context';

export class UpdateEnrollmentCommand extends Command<CommandResult> {
  constructor(readonly data: UpdateEnrollment['data'], readonly meta: CommandMeta) {
    super();
  }
}
