import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandResult } from '../shared/command-context';
import { TrialCommandExecutor } from '../shared/trial-command-executor';
import { UpdateEnrollmentCommand } from './update-enrollment.command';

@CommandHandler(UpdateEnrollmentCommand)
export class UpdateEnrollmentHandler implements ICommandHandler<UpdateEnrollmentCommand, CommandResult> {
  constructor(private readonly executor: TrialCommandExecutor) {}

  execute({ data, meta }: UpdateEnrollmentCommand): Promise<CommandResult> {
    return this.executor.execute({ type: 'UpdateEnrollment', data }, meta);
  }
}
