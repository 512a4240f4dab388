import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandResult } from '../shared/command-context';
import { TrialCommandExecutor } from '../shared/trial-command-executor';
import { RenameSiteCommand } from './rename-site.command';

@CommandHandler(RenameSiteCommand)
export class RenameSiteHandler implements ICommandHandler<RenameSiteCommand, CommandResult> {
  constructor(private readonly executor: TrialCommandExecutor) {}

  execute({ data, meta }: RenameSiteCommand): Promise<CommandResult> {
    return this.executor.execute({ type: 'RenameSite', data }, meta);
  }
}
