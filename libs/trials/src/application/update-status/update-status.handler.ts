import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandResult } from '../shared/command-context';
import { TrialCommandExecutor } from '../shared/trial-command-executor';
import { UpdateStatusCommand } from './update-status.command';

@CommandHandler(UpdateStatusCommand)
export class UpdateStatusHandler implements ICommandHandler<UpdateStatusCommand, CommandResult> {
  constructor(private readonly executor: TrialCommandExecutor) {}

  execute({ data, meta }: UpdateStatusCommand): Promise<CommandResult> {
    return this.executor.execute({ type: 'UpdateStatus', data }, meta);
  }
}
