import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandResult } from '../shared/command-context';
import { TrialCommandExecutor } from '../shared/trial-command-executor';
import { UpdateDetailsCommand } from './update-details.command';

@CommandHandler(UpdateDetailsCommand)
export class UpdateDetailsHandler implements ICommandHandler<UpdateDetailsCommand, CommandResult> {
  constructor(private readonly executor: TrialCommandExecutor) {}

  execute({ data, meta }: UpdateDetailsCommand): Promise<CommandResult> {
    return this.executor.execute({ type: 'UpdateDetails', data }, meta);
  }
}
