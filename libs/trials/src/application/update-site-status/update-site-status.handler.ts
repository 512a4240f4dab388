import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandResult } from '../shared/command-context';
import { TrialCommandExecutor } from '../shared/trial-command-executor';
import { UpdateSiteStatusCommand } from './update-site-status.command';

@CommandHandler(UpdateSiteStatusCommand)
export class UpdateSiteStatusHandler implements ICommandHandler<UpdateSiteStatusCommand, CommandResult> {
  constructor(private readonly executor: TrialCommandExecutor) {}

  execute({ data, meta }: UpdateSiteStatusCommand): Promise<CommandResult> {
    return this.executor.execute({ type: 'UpdateSiteStatus', data }, meta);
  }
}
