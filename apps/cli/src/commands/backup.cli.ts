import { CliCommand } from '../program/cli-command';
import { backupRun } from './backup/backup.command';

export const backupCommand: CliCommand = {
  name: 'backup',
  register(program, ctx) {
    program
      .command('backup')
      .description('copy the embedded event log while the API runs, verified, with a manifest (head, head hash per trial, SHA-256)')
      .argument('<file>', 'where the copy goes; its manifest goes beside it, as <file>.manifest.json')
      .action(ctx.action((file: string) => backupRun(ctx.config(), file, ctx.io)));
  },
};
