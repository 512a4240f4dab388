import { Command } from '@nestjs/cqrs';
import { RecordCorrections } from '@trial-ledger/domain';
import { CommandMeta, CommandResult } from '@trial-ledger/ledger';

/** The caller's intent only: which revision, what is right instead. The handler adds what the stream knows. */
export interface CorrectRecordRequest {
  nctId: string;
  revision: number;
  corrections: RecordCorrections;
}

export class CorrectRecordCommand extends Command<CommandResult> {
  constructor(readonly data: CorrectRecordRequest, readonly meta: CommandMeta) {
    super();
  }
}
