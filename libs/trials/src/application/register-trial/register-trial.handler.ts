import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandResult } from '../shared/command-context';
import { TrialCommandExecutor } from '../shared/trial-command-executor';
import { RegisterTrialCommand } from './register-trial.command';

@CommandHandler(RegisterTrialCommand)
export class RegisterTrialHandler implements ICommandHandler<RegisterTrialCommand, CommandResult> {
  constructor(private readonly executor: TrialCommandExecutor) {}

  execute({ data, meta }: RegisterTrialCommand): Promise<CommandResult> {
    return this.executor.execute({ type: 'RegisterTrial', data }, meta);
  }
}
