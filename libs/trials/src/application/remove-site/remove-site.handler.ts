import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandResult } from '../shared/command-context';
import { TrialCommandExecutor } from '../shared/trial-command-executor';
import { RemoveSiteCommand } from './remove-site.command';

@CommandHandler(RemoveSiteCommand)
export class RemoveSiteHandler implements ICommandHandler<RemoveSiteCommand, CommandResult> {
  constructor(private readonly executor: TrialCommandExecutor) {}

  execute({ data, meta }: RemoveSiteCommand): Promise<CommandResult> {
    return this.executor.execute({ type: 'RemoveSite', data }, meta);
  }
}
