import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { siteIdFor } from '@trial-ledger/domain';
import { TrialCommandExecutor } from '../shared/trial-command-executor';
import { AddSiteCommand, AddSiteResult } from './add-site.command';

@CommandHandler(AddSiteCommand)
export class AddSiteHandler implements ICommandHandler<AddSiteCommand, AddSiteResult> {
  constructor(private readonly executor: TrialCommandExecutor) {}

  async execute({ data, meta }: AddSiteCommand): Promise<AddSiteResult> {
    const siteId = siteIdFor(data.nctId, data);
    const result = await this.executor.execute({ type: 'AddSite', data: { ...data, siteId } }, meta);
    return { ...result, siteId };
  }
}
