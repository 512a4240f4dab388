import { CliCommand } from '../program/cli-command';
import { rebuildCommand as rebuild } from './rebuild.command';

export const rebuildCommand: CliCommand = {
  name: 'rebuild',
  register(program, ctx) {
    program
      .command('rebuild')
      .description('rebuild every read model from the event log beside the live ones, compare, and swap them in')
      .option('--resume', 'continue the rebuild an interrupted run left', false)
      .action(
        ctx.action(({ resume }: { resume: boolean }) =>
          ctx.withApp('rebuild', (app, config) => rebuild(app, resume ? ['--resume'] : [], ctx.io, config)),
        ),
      );
  },
};
