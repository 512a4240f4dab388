import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandResult } from '../shared/command-context';
import { TrialCommandExecutor } from '../shared/trial-command-executor';
import { UpdateDatesCommand } from './update-dates.command';

@CommandHandler(UpdateDatesCommand)
export class UpdateDatesHandler implements ICommandHandler<UpdateDatesCommand, CommandResult> {
  constructor(private readonly executor: TrialCommandExecutor) {}

  execute({ data, meta }: UpdateDatesCommand): Promise<CommandResult> {
    return this.executor.execute({ type: 'UpdateDates', data }, meta);
  }
}
