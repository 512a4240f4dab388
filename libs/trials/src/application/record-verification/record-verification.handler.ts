import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '../ports/clock.port';
import { CommandResult } from '../shared/command-context';
import { TrialCommandExecutor } from '../shared/trial-command-executor';
import { RecordVerificationCommand } from './record-verification.command';

/** Without a date, the sponsor verified the record today (UTC, by the injected clock). */
@CommandHandler(RecordVerificationCommand)
export class RecordVerificationHandler implements ICommandHandler<RecordVerificationCommand, CommandResult> {
  constructor(private readonly executor: TrialCommandExecutor, private readonly clock: Clock) {}

  execute({ data, meta }: RecordVerificationCommand): Promise<CommandResult> {
    const today = this.clock.now().toISOString().slice(0, 10);
    return this.executor.execute({ type: 'RecordVerification', data: { nctId: data.nctId, verifiedOn: data.verifiedOn ?? today } }, meta);
  }
}
