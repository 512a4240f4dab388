import { Command } from '@nestjs/cqrs';
import { AddSite } from '@trial-ledger/domain';
import { CommandMeta, CommandResult } from '../shared/command-context';

export type AddSiteResult = CommandResult & { siteId: string };

/** The site's id is not the caller's to choose: the handler derives it from the trial and the address. */
export class AddSiteCommand extends Command<AddSiteResult> {
  constructor(readonly data: Omit<AddSite['data'], 'siteId'>, readonly meta: CommandMeta) {
    super();
  }
}
