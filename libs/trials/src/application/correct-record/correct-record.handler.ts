import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CorrectRecord } from '@trial-ledger/domain';
import { EventStore } from '@trial-ledger/event-store';
import { CommandResult } from '@trial-ledger/ledger';
import { ConcurrencyConflictError, StaleRevisionError, TrialCommandExecutor } from '../shared/trial-command-executor';
import { trialStreamId } from '@trial-ledger/ledger';
import { CorrectRecordCommand } from './correct-record.command';
import { correctionBasis } from './correction-basis';

const MAX_ATTEMPTS = 8;

/**
 * Reads the stream for what the decider cannot see (the corrected event, the fields changed since) and runs
 * the correction through the executor like any command, so If-Match and Idempotency-Key behave the same.
 */
@CommandHandler(CorrectRecordCommand)
export class CorrectRecordHandler implements ICommandHandler<CorrectRecordCommand, CommandResult> {
  constructor(private readonly store: EventStore, private readonly executor: TrialCommandExecutor) {}

  async execute({ data, meta }: CorrectRecordCommand): Promise<CommandResult> {
    const { nctId, revision, corrections } = data;
    for (let attempt = 1; ; attempt++) {
      const basis = correctionBasis(await this.store.readStream(trialStreamId(nctId)), revision, meta);
      const command: CorrectRecord = {
        type: 'CorrectRecord',
        data: { nctId, correctsRevision: revision, corrected: basis.corrected, changedSince: basis.changedSince, corrections },
      };
      try {
        // Pinned to the revision the basis was read at: an event appended in between could change a corrected
        // field, and deciding on a stale `changedSince` would let the correction overwrite it.
        return await this.executor.execute(command, { ...meta, expectedRevision: meta.expectedRevision ?? basis.head });
      } catch (error) {
        // The caller's own If-Match stays a 412; our pin only means "read the stream again".
        if (!(error instanceof StaleRevisionError) || meta.expectedRevision !== undefined) throw error;
        if (attempt >= MAX_ATTEMPTS) throw new ConcurrencyConflictError(nctId, attempt);
      }
    }
  }
}
